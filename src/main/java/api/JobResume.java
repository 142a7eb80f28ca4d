package api;

import backtest.config.BacktestConfig;
import backtest.config.ConfigException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What start-up makes of the persisted jobs: queued ones wait again (in submission order); one found running (the
 * process died during it) is run again once - found running a second time it is failed; finished ones are kept for
 * their status. A record whose config no longer parses is left out (and named).
 */
record JobResume(List<Job> jobs, List<Job> waiting, List<Job> changed, List<String> notes) {

    static JobResume of(List<JobRecord> records, Instant now) {
        JobResume r = new JobResume(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (JobRecord rec : records) {
            BacktestConfig cfg;
            try {
                cfg = BacktestConfig.parse(rec.config());
            } catch (ConfigException e) {
                r.notes.add("job " + rec.id() + ": its config no longer parses (" + e.getMessage() + "); left as it was");
                continue;
            }
            Job job = Job.restored(rec, cfg);
            r.jobs.add(job);
            JobStatus s = job.status();
            if (s == JobStatus.RUNNING && job.restarts() >= 1) {
                job.failed(Problem.Kind.INTERNAL_ERROR.problem("the process stopped during this job twice; not run again"
                        + " (post the config to try once more)"), now);
                r.changed.add(job);
                r.notes.add("job " + job.id() + " was running when the process died, again: failed");
            } else if (s == JobStatus.RUNNING) {
                job.restartedAfterCrash();
                r.changed.add(job);
                r.waiting.add(job);
                r.notes.add("job " + job.id() + " was running when the process died: queued to run again");
            } else if (s == JobStatus.QUEUED) {
                r.waiting.add(job);
                r.notes.add("job " + job.id() + " resumed (queued)");
            }
        }
        return r;
    }
}
