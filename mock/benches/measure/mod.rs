//! Side-by-side timing shared by the benches: a case runs its work and its baseline in
//! alternating rounds, and the fastest round of each (the one least disturbed by other
//! load on a shared machine) and their ratio are reported, so that the machine's speed
//! cancels out.

use std::time::{Duration, Instant};

/// Rounds per case. Many short rounds, alternating, give both sides the same chances of
/// an undisturbed round.
pub const ROUNDS: usize = 51;

/// The fastest of `times`.
pub fn fastest(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
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
    report(name, fastest(&ours), fastest(&theirs));
}

/// Prints the header of the table `report` fills.
pub fn header() {
    println!("{:<66} {:>10} {:>10} {:>8}", "case", "ours", "baseline", "ratio");
}

/// Prints one row: both times and their ratio.
pub fn report(name: &str, ours: Duration, baseline: Duration) {
    let ratio = ours.as_secs_f64() / baseline.as_secs_f64().max(f64::MIN_POSITIVE);
    println!("{name:<66} {:>10.2?} {:>10.2?} {ratio:>7.2}x", ours, baseline);
}

/// Whether the bench was started by `cargo test --benches`, which only checks it runs.
pub fn only_testing() -> bool {
    std::env::args().any(|arg| arg == "--list" || arg == "--test")
}
