import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Re-packs the shaded jar (docs/benchmarks.md#jar-size), run by the build after the shade plugin with the JDK's source
 * launcher: {@code java src/build/RepackJar.java JAR SOURCE_DIR [keep-line-numbers|drop-line-numbers]}. Same
 * files, same order, names and times; what changes:
 * <ul>
 * <li>the libraries' class files lose their debugger-only attributes: {@code LocalVariableTable} and
 * {@code LocalVariableTypeTable} (local variable names for a debugger), and {@code LineNumberTable} unless
 * {@code keep-line-numbers} (a library frame of a stack trace then names its source file without a line number).
 * Nothing else of a class changes (constant pool, code, stack maps, annotations, {@code MethodParameters},
 * {@code SourceFile} stay). The project's own classes (compiled from SOURCE_DIR, src/main/java) are copied byte for
 * byte; picocli's, compiled with ours from its published sources, count as a library's;
 * <li>every entry deflated at level 9 (stored where deflating does not make it smaller), its sizes and CRC written in
 * its local header, so no 16-byte data descriptor follows each of the ~15,000 entries (the shade plugin streams its
 * entries and so writes one per entry).
 * <li>no directory entries (a jar needs none; nothing here looks a folder of the jar up).
 * </ul>
 * The result is a plain zip/jar; the same input gives the same bytes.
 */
public final class RepackJar {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path sources = Path.of(args[1]);
        boolean keepLines = args.length > 2 && args[2].equals("keep-line-numbers");
        if (args.length > 2 && !keepLines && !args[2].equals("drop-line-numbers")) {
            throw new IllegalArgumentException("third argument: keep-line-numbers or drop-line-numbers: " + args[2]);
        }
        Set<String> drop = keepLines ? Set.of("LocalVariableTable", "LocalVariableTypeTable")
                : Set.of("LocalVariableTable", "LocalVariableTypeTable", "LineNumberTable");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".repack");
        long before = Files.size(jar);
        int stripped = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            Enumeration<? extends ZipEntry> entries = in.entries();
            byte[] buf = new byte[1 << 16];
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue; // ~950 directory entries: nothing looks a folder of the jar up (a jar needs none)
                }
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".class") && !own(sources, e.getName())) {
                    byte[] s = new ClassFile(data).without(drop);
                    stripped += s.length < data.length ? 1 : 0;
                    data = s;
                }
                ZipEntry n = new ZipEntry(e.getName());
                n.setTime(e.getTime());
                CRC32 crc = new CRC32();
                crc.update(data);
                n.setCrc(crc.getValue());
                n.setSize(data.length);
                long deflated = deflatedSize(data, buf);
                if (deflated >= data.length) {
                    n.setMethod(ZipEntry.STORED);
                    n.setCompressedSize(data.length);
                } else {
                    n.setMethod(ZipEntry.DEFLATED);
                    n.setCompressedSize(deflated); // known up front: no data descriptor
                }
                out.putNextEntry(n);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("RepackJar: %s %,d -> %,d bytes (%,d library classes without %s)%n", jar, before,
                Files.size(jar), stripped, String.join(", ", new java.util.TreeSet<>(drop)));
    }

    /** A class compiled from our sources: its top-level class has a source file there (picocli's, compiled with ours
     * from its published sources, has not). */
    private static boolean own(Path sources, String classEntry) {
        String name = classEntry.substring(0, classEntry.length() - ".class".length());
        int slash = name.lastIndexOf('/');
        int dollar = name.indexOf('$', slash + 1);
        String topLevel = dollar < 0 ? name : name.substring(0, dollar);
        return Files.isRegularFile(sources.resolve(topLevel + ".java"));
    }

    /** What ZipOutputStream at level 9 will write for these bytes (the same zlib call on the same input). */
    private static long deflatedSize(byte[] data, byte[] buf) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            d.setInput(data);
            d.finish();
            while (!d.finished()) {
                d.deflate(buf);
            }
            return d.getBytesWritten();
        } finally {
            d.end();
        }
    }

    /** A class file read just far enough to copy it without some attributes (JVMS chapter 4). */
    static final class ClassFile {
        private final byte[] data;
        private final ByteBuffer in;
        private String[] utf8;

        ClassFile(byte[] data) {
            this.data = data;
            this.in = ByteBuffer.wrap(data);
        }

        byte[] without(Set<String> drop) throws IOException {
            if (data.length < 10 || in.getInt(0) != 0xCAFEBABE) {
                return data;
            }
            in.position(8);
            int count = in.getShort() & 0xFFFF;
            utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.get() & 0xFF;
                switch (tag) {
                    case 1 -> {
                        int len = in.getShort() & 0xFFFF;
                        utf8[i] = new String(data, in.position(), len, StandardCharsets.UTF_8);
                        in.position(in.position() + len);
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                    case 5, 6 -> {
                        in.position(in.position() + 8);
                        i++; // a long or double takes two slots
                    }
                    case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                    case 15 -> in.position(in.position() + 3);
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(data, 0, in.position()); // magic, version, constant pool
            copy(out, 6); // access flags, this, super
            int interfaces = in.getShort(in.position()) & 0xFFFF;
            copy(out, 2 + 2 * interfaces);
            for (int member = 0; member < 2; member++) { // fields, then methods
                int members = in.getShort(in.position()) & 0xFFFF;
                copy(out, 2);
                for (int m = 0; m < members; m++) {
                    copy(out, 6); // access flags, name, descriptor
                    attributes(out, drop);
                }
            }
            attributes(out, drop);
            if (in.position() != data.length) {
                throw new IOException("class file has " + (data.length - in.position()) + " trailing bytes");
            }
            out.flush();
            return bytes.toByteArray();
        }

        private void copy(DataOutputStream out, int len) throws IOException {
            out.write(data, in.position(), len);
            in.position(in.position() + len);
        }

        /** An attribute table without the dropped attributes (also inside each Code attribute). */
        private void attributes(DataOutputStream out, Set<String> drop) throws IOException {
            int count = in.getShort() & 0xFFFF;
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            DataOutputStream k = new DataOutputStream(kept);
            int keptCount = 0;
            for (int a = 0; a < count; a++) {
                int nameIndex = in.getShort() & 0xFFFF;
                int len = in.getInt();
                int start = in.position();
                String name = utf8[nameIndex];
                if (drop.contains(name)) {
                    in.position(start + len);
                    continue;
                }
                keptCount++;
                k.writeShort(nameIndex);
                if ("Code".equals(name)) {
                    ByteArrayOutputStream code = new ByteArrayOutputStream(len);
                    DataOutputStream c = new DataOutputStream(code);
                    int codeLength = in.getInt(start + 4);
                    copy(c, 8 + codeLength); // max stack, max locals, code length, code
                    int handlers = in.getShort(in.position()) & 0xFFFF;
                    copy(c, 2 + 8 * handlers);
                    attributes(c, drop);
                    if (in.position() != start + len) {
                        throw new IOException("Code attribute length mismatch");
                    }
                    c.flush();
                    k.writeInt(code.size());
                    code.writeTo(k);
                } else {
                    k.writeInt(len);
                    copy(k, len);
                }
            }
            out.writeShort(keptCount);
            k.flush();
            kept.writeTo(out);
        }
    }

    private RepackJar() {
    }
}
