//! The share lifecycle (being written).
fn main() {}
