//! Wall time of each step of a build, for `knead build --timings`: the first question when a
//! build feels slow is which step grew, and a profiler is not always at hand.

use std::time::{Duration, Instant};

/// The steps of one build in the order they ran, with their wall time.
#[derive(Debug, Clone, Default)]
pub struct Phases {
    steps: Vec<(&'static str, Duration)>,
}

impl Phases {
    /// Runs `step` and records its wall time under `name`.
    pub fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = step();
        self.steps.push((name, started.elapsed()));
        result
    }

    /// The recorded steps, in order.
    pub fn steps(&self) -> &[(&'static str, Duration)] {
        &self.steps
    }

    /// One line per step: `  load      412.3 ms`.
    pub fn table(&self) -> String {
        let width = self.steps.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        self.steps
            .iter()
            .map(|(name, took)| format!("  {name:<width$} {:>9.1} ms\n", took.as_secs_f64() * 1000.0))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_steps_in_order_and_returns_their_results() {
        let mut phases = Phases::default();
        let a = phases.time("load", || 1);
        let b = phases.time("render", || "x");
        assert_eq!((a, b), (1, "x"));
        let names: Vec<&str> = phases.steps().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "render"]);
        let table = phases.table();
        assert!(table.starts_with("  load  "), "{table}");
        assert!(table.contains("\n  render ") && table.ends_with(" ms\n"), "{table}");
    }
}
