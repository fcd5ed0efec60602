//! The benchmark's output: one row per figure, with its goal and whether it is met.

use std::fmt::Write;

/// One measured figure.
pub struct Figure {
    /// `P1` …
    pub name: &'static str,
    /// What was measured.
    pub what: String,
    /// The figure itself.
    pub value: f64,
    /// Unit or "ratio".
    pub unit: &'static str,
    /// The goal, as text (`>= 0.9`).
    pub goal: &'static str,
    /// Whether the goal is met.
    pub met: bool,
}

impl Figure {
    /// A figure whose goal is an upper bound.
    pub fn at_most(
        name: &'static str,
        what: String,
        value: f64,
        unit: &'static str,
        goal: f64,
        text: &'static str,
    ) -> Figure {
        Figure::judged(name, what, value, unit, text, value <= goal)
    }

    /// A figure whose goal is a lower bound.
    pub fn at_least(
        name: &'static str,
        what: String,
        value: f64,
        unit: &'static str,
        goal: f64,
        text: &'static str,
    ) -> Figure {
        Figure::judged(name, what, value, unit, text, value >= goal)
    }

    fn judged(
        name: &'static str,
        what: String,
        value: f64,
        unit: &'static str,
        goal: &'static str,
        met: bool,
    ) -> Figure {
        Figure {
            name,
            what,
            value,
            unit,
            goal,
            met,
        }
    }
}

/// A Markdown table of the figures, ready for the README.
pub fn table(figures: &[Figure]) -> String {
    let mut s = String::from("| | figure | value | goal | met |\n|---|---|---|---|---|\n");
    for f in figures {
        let _ = writeln!(
            s,
            "| {} | {} | {:.3} {} | {} | {} |",
            f.name,
            f.what,
            f.value,
            f.unit,
            f.goal,
            if f.met { "yes" } else { "no" }
        );
    }
    s
}

/// The machine the figures come from.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    format!("machine: {cores} cores, {cpu}; {profile} build")
}

/// The `q`-quantile (0..=1) of `samples` in milliseconds.
pub fn quantile_ms(samples: &mut [std::time::Duration], q: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    samples.sort();
    let i = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[i.min(samples.len() - 1)].as_secs_f64() * 1000.0
}

/// Peak resident set size of this process (VmHWM), in MB.
pub fn peak_rss_mb() -> f64 {
    status_kb("VmHWM:") / 1024.0
}

/// Current resident set size (VmRSS), in MB.
pub fn rss_mb() -> f64 {
    status_kb("VmRSS:") / 1024.0
}

/// Resets VmHWM to the current RSS (Linux `clear_refs` value 5), so a peak belongs to one phase.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn status_kb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(f64::NAN)
}
