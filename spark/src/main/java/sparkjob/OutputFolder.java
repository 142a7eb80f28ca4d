package sparkjob;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Where the driver writes a result: a plain path (no scheme) through {@code java.nio}, any URI ({@code s3a://...},
 * {@code hdfs://...}, {@code file:///...}) through the Hadoop {@link FileSystem}. Hadoop's local file system, without
 * its native library, sets each new file's and folder's permissions by forking a {@code chmod} process - about 10-30 ms
 * a file, the largest part of a small sweep's write; a plain path does not pay it (and gets no {@code .crc} files).
 */
abstract class OutputFolder {
    final String folder;

    private OutputFolder(String folder) {
        this.folder = folder;
    }

    static OutputFolder of(String folder, Configuration conf) throws IOException {
        return StoreAccess.isLocal(folder) ? new Local(folder) : new Hadoop(folder, conf);
    }

    /** Whether {@code file} (a path or URI) exists. */
    static boolean exists(String file, Configuration conf) throws IOException {
        if (StoreAccess.isLocal(file)) {
            return Files.exists(java.nio.file.Path.of(file));
        }
        Path p = new Path(file);
        return p.getFileSystem(conf).exists(p);
    }

    /** Writes {@code bytes} to {@code file} (a path or URI), replacing it. */
    static void writeFile(String file, byte[] bytes, Configuration conf) throws IOException {
        if (StoreAccess.isLocal(file)) {
            java.nio.file.Path p = java.nio.file.Path.of(file);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.write(p, bytes);
            return;
        }
        Path p = new Path(file);
        try (OutputStream o = p.getFileSystem(conf).create(p, true)) {
            o.write(bytes);
        }
    }

    /** A new Parquet file {@code name} in the sub-folder {@code sub} (created). */
    abstract OutputFile parquetFile(String sub, String name) throws IOException;

    /** An empty file {@code name} in this folder (created with it). */
    abstract void createEmpty(String name) throws IOException;

    /** This folder renamed to {@code target} (which must not exist). */
    abstract void renameTo(String target) throws IOException;

    private static final class Local extends OutputFolder {
        private final java.nio.file.Path dir;

        Local(String folder) {
            super(folder);
            this.dir = java.nio.file.Path.of(folder);
        }

        @Override
        OutputFile parquetFile(String sub, String name) throws IOException {
            java.nio.file.Path d = Files.createDirectories(dir.resolve(sub));
            return new LocalOutputFile(d.resolve(name));
        }

        @Override
        void createEmpty(String name) throws IOException {
            Files.createDirectories(dir);
            Files.createFile(dir.resolve(name));
        }

        @Override
        void renameTo(String target) throws IOException {
            Files.move(dir, java.nio.file.Path.of(target), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static final class Hadoop extends OutputFolder {
        private final Configuration conf;
        private final Path dir;
        private final FileSystem fs;

        Hadoop(String folder, Configuration conf) throws IOException {
            super(folder);
            this.conf = conf;
            this.dir = new Path(folder);
            this.fs = dir.getFileSystem(conf);
        }

        @Override
        OutputFile parquetFile(String sub, String name) throws IOException {
            return HadoopOutputFile.fromPath(new Path(new Path(dir, sub), name), conf);
        }

        @Override
        void createEmpty(String name) throws IOException {
            fs.create(new Path(dir, name), false).close();
        }

        @Override
        void renameTo(String target) throws IOException {
            Path t = new Path(target);
            if (!fs.rename(dir, t)) {
                throw new IOException("could not rename " + dir + " to " + t);
            }
        }
    }
}
