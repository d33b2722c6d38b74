//! A deterministic mutator for the fuzz loops: a seeded generator, byte-level mutations
//! for any text, and structure-aware ones for JSON answers and YAML specs. The same seed
//! gives the same mutants, so a failure is reproduced from its seed and iteration.

use serde_json::Value;

/// The environment variable that sets how many mutants a fuzz loop tries.
pub const ITERATIONS_VARIABLE: &str = "FUZZ_ITERATIONS";

/// The environment variable that sets the seed of a fuzz loop.
pub const SEED_VARIABLE: &str = "FUZZ_SEED";

/// How many mutants to try: `FUZZ_ITERATIONS` if set, else `default`.
pub fn iterations(default: u64) -> u64 {
    std::env::var(ITERATIONS_VARIABLE).ok().and_then(|text| text.parse().ok()).unwrap_or(default)
}

/// The seed: `FUZZ_SEED` if set, else a fixed one, so that `cargo test` is deterministic.
pub fn seed() -> u64 {
    std::env::var(SEED_VARIABLE).ok().and_then(|text| text.parse().ok()).unwrap_or(20_261_123)
}

/// A small, fast, seeded generator (SplitMix64): good enough to pick mutations, and the
/// same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 { 0 } else { (self.next_u64() % bound as u64) as usize }
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// One of `items` (which must not be empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes that tend to matter to parsers.
const INTERESTING_BYTES: &[u8] =
    b"\"\\{}[],:-+.0123456789eE \t\r\n\x00\x7f\xc3\xa9\xe2\x80\xa8\xed\xa0\x80\xef\xbb\xbf\xff#&*!|>'%@`?";

/// Replaces, inserts, deletes, duplicates or splices bytes of `input` (one to a few
/// edits), with `tokens` as a dictionary of fragments worth inserting.
pub fn mutate_bytes(rng: &mut Rng, input: &[u8], tokens: &[&str], other: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(9) {
            0 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            1 if at < bytes.len() => bytes[at] = *rng.pick(INTERESTING_BYTES),
            2 => bytes.insert(at, *rng.pick(INTERESTING_BYTES)),
            3 => {
                let end = (at + 1 + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + 1 + rng.below(256)).min(bytes.len());
                let copy = bytes[at.min(end)..end].to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            5 | 6 => {
                let token = rng.pick(tokens).as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
            7 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(512)).min(other.len());
                bytes.splice(at..at, other[from..end].iter().copied());
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

/// Values a JSON answer may hold where something else was expected.
fn hostile_value(rng: &mut Rng) -> Value {
    let deep = |depth: usize| {
        let mut value = Value::Null;
        for _ in 0..depth {
            value = Value::Array(vec![value]);
        }
        value
    };
    match rng.below(18) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => Value::from(u64::MAX),
        3 => Value::from(i64::MIN),
        4 => Value::from(-1),
        5 => Value::from(1.0e308),
        6 => Value::from(""),
        7 => Value::from("0001"),
        8 => Value::from("+1"),
        9 => Value::from("18446744073709551616"),
        10 => Value::from("9223372036854775808"),
        11 => Value::from("\u{0}\u{2028}\u{feff}é"),
        12 => Value::from("x".repeat(rng.below(10_000))),
        13 => Value::from("error"),
        14 => Value::Array(Vec::new()),
        15 => Value::Object(serde_json::Map::new()),
        16 => deep(rng.below(120)),
        _ => Value::from("2021-02-30T25:61:61+99:99"),
    }
}

/// Keys worth adding to an object of an answer.
const KEYS: &[&str] = &[
    "status",
    "code",
    "message",
    "details",
    "share",
    "id",
    "user",
    "shared_with",
    "type",
    "permission",
    "shared_through",
    "share_related_records",
    "shared_time",
    "shared_by",
    "module",
    "zuid",
    "name",
    "full_name",
    "error",
    "access_token",
    "api_domain",
    "expires_in",
    "expires_in_sec",
    "",
    "\u{0}",
];

/// Mutates one node of a JSON value, found by a random walk from the root: replaces it,
/// drops or adds a key, empties or repeats an array, or turns an object into an error
/// object.
pub fn mutate_json(rng: &mut Rng, value: &mut Value) {
    let has_children = match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(object) => !object.is_empty(),
        _ => false,
    };
    if has_children && !rng.one_in(3) {
        match value {
            Value::Array(items) => {
                let index = rng.below(items.len());
                return mutate_json(rng, &mut items[index]);
            }
            Value::Object(object) => {
                let index = rng.below(object.len());
                if let Some(child) = object.values_mut().nth(index) {
                    return mutate_json(rng, child);
                }
            }
            _ => {}
        }
    }
    mutate_node(rng, value);
}

fn mutate_node(rng: &mut Rng, node: &mut Value) {
    match (rng.below(6), node) {
        (0, Value::Object(object)) if !object.is_empty() => {
            let key = object.keys().nth(rng.below(object.len())).cloned().unwrap_or_default();
            object.remove(&key);
        }
        (1, Value::Object(object)) => {
            object.insert((*rng.pick(KEYS)).to_owned(), hostile_value(rng));
        }
        (2, Value::Object(object)) => {
            object.insert("status".to_owned(), Value::from("error"));
            object.insert("code".to_owned(), Value::from(*rng.pick(&["INVALID_TOKEN", "INVALID_DATA", "", "X"])));
        }
        (3, Value::Array(items)) if !items.is_empty() => {
            let item = items[rng.below(items.len())].clone();
            let copies = rng.below(40);
            items.extend(std::iter::repeat_n(item, copies));
        }
        (4, Value::Array(items)) => items.clear(),
        (_, node) => *node = hostile_value(rng),
    }
}
