//! Side-by-side timing shared by the benches: a case runs its work and its baseline in
//! alternating rounds, and the medians and their ratio are reported, so that the machine's
//! speed cancels out.

use std::time::{Duration, Instant};

/// Rounds per case; the median of them is reported. Many short rounds, alternating, let
/// both sides see the same load on a shared machine.
pub const ROUNDS: usize = 51;

/// The median of `times`.
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `work` against `baseline`, `iterations` of each per round, and reports both.
pub fn compare(name: &str, iterations: u32, mut work: impl FnMut(), mut baseline: impl FnMut()) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for _ in 0..iterations {
            work();
        }
        ours.push(started.elapsed() / iterations);
        let started = Instant::now();
        for _ in 0..iterations {
            baseline();
        }
        theirs.push(started.elapsed() / iterations);
    }
    report(name, median(&mut ours), median(&mut theirs));
}

/// Prints the header of the table `report` fills.
pub fn header() {
    println!("{:<66} {:>10} {:>10} {:>8}", "case", "ours", "baseline", "ratio");
}

/// Prints one row: both medians and their ratio.
pub fn report(name: &str, ours: Duration, baseline: Duration) {
    let ratio = ours.as_secs_f64() / baseline.as_secs_f64().max(f64::MIN_POSITIVE);
    println!("{name:<66} {:>10.2?} {:>10.2?} {ratio:>7.2}x", ours, baseline);
}

/// Whether the bench was started by `cargo test --benches`, which only checks it runs.
pub fn only_testing() -> bool {
    std::env::args().any(|arg| arg == "--list" || arg == "--test")
}
