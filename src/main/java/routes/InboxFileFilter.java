package routes;

import ingest.InboxTriage;
import java.io.File;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/** The inbox watcher's file filter: hands every entry Camel lists (sub-folders included) to {@link InboxTriage}. */
final class InboxFileFilter implements GenericFileFilter<File> {
    private final InboxTriage triage;

    InboxFileFilter(InboxTriage triage) {
        this.triage = triage;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        return triage.take(Path.of(file.getAbsoluteFilePath()), file.isDirectory());
    }
}
