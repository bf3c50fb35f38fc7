//! Wall and CPU time of each step of a build, for `knead build --timings`: the first question
//! when a build feels slow is which step grew, and the second whether it kept every core busy
//! (CPU time near cores × wall) or left them waiting on one thread. The peak resident memory
//! after each step says which step raised it, the third question when memory is the limit.

use std::time::{Duration, Instant};

/// One timed step.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: &'static str,
    pub wall: Duration,
    /// CPU time of the whole process (every thread) during the step, where the OS reports it.
    pub cpu: Option<Duration>,
    /// Peak resident memory of the process so far, in KiB, where the OS reports it: the step
    /// that raised it is the first whose peak is higher than the one before.
    pub peak_rss_kib: Option<u64>,
}

/// The steps of one build in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Phases {
    steps: Vec<Step>,
}

impl Phases {
    /// Runs `step` and records its wall and CPU time under `name`.
    pub fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let cpu_before = usage().map(|u| u.cpu);
        let started = Instant::now();
        let result = step();
        let wall = started.elapsed();
        let after = usage();
        let cpu = after
            .map(|u| u.cpu)
            .zip(cpu_before)
            .map(|(after, before)| after.saturating_sub(before));
        let peak_rss_kib = after.map(|u| u.peak_rss_kib);
        self.steps.push(Step {
            name,
            wall,
            cpu,
            peak_rss_kib,
        });
        result
    }

    /// The recorded steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// One line per step: `  load      412.3 ms   801.0 ms CPU    93 MiB peak`.
    pub fn table(&self) -> String {
        let width = self.steps.iter().map(|s| s.name.len()).max().unwrap_or(0);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        self.steps
            .iter()
            .map(|s| {
                let mut line = format!("  {:<width$} {:>9.1} ms", s.name, ms(s.wall));
                if let Some(cpu) = s.cpu {
                    line.push_str(&format!(" {:>9.1} ms CPU", ms(cpu)));
                }
                if let Some(kib) = s.peak_rss_kib {
                    line.push_str(&format!(" {:>5} MiB peak", kib / 1024));
                }
                line.push('\n');
                line
            })
            .collect()
    }
}

/// What the OS has counted for this process so far.
#[derive(Debug, Clone, Copy)]
struct Usage {
    /// User and system CPU time of every thread.
    cpu: Duration,
    peak_rss_kib: u64,
}

#[cfg(unix)]
fn usage() -> Option<Usage> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: `getrusage` fills the struct it is given and reports failure by its return value.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: the call succeeded, so the struct is initialised.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).ok()?)
            .checked_add(Duration::from_micros(u64::try_from(t.tv_usec).ok()?))
    };
    Some(Usage {
        cpu: time(usage.ru_utime)?.checked_add(time(usage.ru_stime)?)?,
        // Linux and the BSDs report the peak in KiB, macOS in bytes.
        peak_rss_kib: u64::try_from(usage.ru_maxrss).ok()? / if cfg!(target_os = "macos") { 1024 } else { 1 },
    })
}

#[cfg(not(unix))]
fn usage() -> Option<Usage> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// User and system CPU time used so far by every thread of this process.
    fn process_cpu_time() -> Option<Duration> {
        usage().map(|u| u.cpu)
    }

    #[test]
    fn records_steps_in_order_and_returns_their_results() {
        let mut phases = Phases::default();
        let a = phases.time("load", || 1);
        let b = phases.time("render", || "x");
        assert_eq!((a, b), (1, "x"));
        let names: Vec<&str> = phases.steps().iter().map(|s| s.name).collect();
        assert_eq!(names, ["load", "render"]);
        let table = phases.table();
        assert!(table.starts_with("  load  "), "{table}");
        assert!(
            table.contains("\n  render ") && table.ends_with(" MiB peak\n"),
            "{table}"
        );
        let peak = phases.steps()[1].peak_rss_kib.expect("peak RSS");
        assert!(peak > 0, "{table}");
    }

    #[test]
    fn cpu_time_counts_the_work_done_inside_the_step() {
        let mut phases = Phases::default();
        phases.time("spin", || {
            // Read inside the step, so the step's own reading before it is no later.
            let start = process_cpu_time().expect("cpu time");
            let mut x = 0u64;
            while process_cpu_time().expect("cpu time") < start + Duration::from_millis(20) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        });
        let cpu = phases.steps()[0].cpu.expect("cpu time");
        assert!(cpu >= Duration::from_millis(20), "{cpu:?}");
    }
}
