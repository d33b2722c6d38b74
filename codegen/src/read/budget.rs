//! Input budgets: a spec past its limits is refused, located, before it costs much.
//!
//! The YAML reader's time and memory grow faster than its input on some shapes (deep flow
//! nesting, very long sequences), so the text is first scanned here in one cheap pass:
//! its size, the length of its lines and block scalars, how deep collections nest (block
//! and flow), how many items one sequence has, and whether a second document follows.
//! Only text within those limits reaches the reader. After reading, the spec's counts of
//! operations, models, enum values and error rows are checked against theirs.
//!
//! The scan follows YAML only as far as these counts need: it knows comments, quoted
//! scalars (which may hide brackets), block scalars (whose lines are text) and flow
//! collections; where it is unsure it counts more, never less.

use crate::diag::DocPath;
use crate::read::spec::Spec;

/// How much a spec may hold. Every limit is far above what a real API's spec needs and
/// far below what would make reading it slow; change them with
/// [`Settings::with_limits`](crate::Settings::with_limits) or
/// [`Builder::settings`](crate::Builder::settings).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The size of the spec file, in bytes.
    pub max_bytes: usize,
    /// The length of one line, in bytes (so also of a one-line string).
    pub max_line_bytes: usize,
    /// The length of one block scalar (`|` or `>` text), in bytes.
    pub max_block_scalar_bytes: usize,
    /// How deep collections nest: block mappings and sequences, and flow `[ ]` and `{ }`.
    pub max_depth: usize,
    /// How many items one sequence has.
    pub max_items: usize,
    /// How many keys and sequence items the whole spec has: what the YAML reader's time
    /// and memory grow with.
    pub max_nodes: usize,
    /// How many operations the spec has.
    pub max_operations: usize,
    /// How many models the spec has.
    pub max_models: usize,
    /// How many enum values all enums have together.
    pub max_enum_values: usize,
    /// How many error rows the spec has: common ones, error groups' and each operation's,
    /// a group's rows counted again for every operation that names it.
    pub max_error_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 << 20,
            max_line_bytes: 16 << 10,
            max_block_scalar_bytes: 64 << 10,
            max_depth: 64,
            max_items: 10_000,
            max_nodes: 100_000,
            max_operations: 2_000,
            max_models: 2_000,
            max_enum_values: 10_000,
            max_error_rows: 20_000,
        }
    }
}

/// A limit the spec goes past, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What is past which limit.
    pub message: String,
    /// The 1-based line and column where the limit is crossed.
    pub position: (usize, usize),
}

/// Checks the size of the raw file and that it is UTF-8, before anything else reads it.
/// A file is read with at most `max_bytes + 1` bytes held ([`crate::read::read_bounded`]),
/// so the message says "more than", never a size it did not read.
pub fn check_bytes<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, Refusal> {
    if bytes.len() > limits.max_bytes {
        return Err(Refusal {
            message: format!(
                "the spec is more than {} bytes; at most {} are allowed (limit `max_bytes`)",
                limits.max_bytes, limits.max_bytes
            ),
            position: position_of(&bytes[..limits.max_bytes], limits.max_bytes),
        });
    }
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = err.valid_up_to();
        Refusal {
            message: format!("the spec is not UTF-8: invalid byte 0x{:02x}", bytes[valid]),
            position: position_of(bytes, valid),
        }
    })
}

/// The 1-based line and column (in bytes) of byte `offset` of `bytes`.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |newline| newline + 1);
    (before.iter().filter(|byte| **byte == b'\n').count() + 1, offset - line_start + 1)
}

/// Scans the text for anything past a limit, before the YAML reader sees it.
pub fn prescan(text: &str, limits: &Limits) -> Result<(), Refusal> {
    scan(text, limits).map(drop)
}

/// The first YAML tag of a text within `limits` (`!!binary`, `!custom`, `!<tag:…>`):
/// its 1-based line and column, and the tag. The YAML reader drops most tags silently,
/// so they are found in the text.
pub fn first_tag(text: &str, limits: &Limits) -> Option<((usize, usize), String)> {
    scan(text, limits).ok()?.first_tag
}

fn scan<'l>(text: &str, limits: &'l Limits) -> Result<Scan<'l>, Refusal> {
    if text.len() > limits.max_bytes {
        check_bytes(text.as_bytes(), limits)?;
    }
    let mut scan = Scan {
        limits,
        blocks: Vec::new(),
        nodes: 0,
        flows: Vec::new(),
        quote: None,
        block_scalar: None,
        plain_above: None,
        has_content: false,
        ended: false,
        first_tag: None,
    };
    for (index, line) in text.split('\n').enumerate() {
        scan.line(index + 1, line.strip_suffix('\r').unwrap_or(line))?;
    }
    Ok(scan)
}

/// An open block collection: the column its entries start at, and, for a sequence, how
/// many items it has had.
#[derive(Debug)]
struct Block {
    column: usize,
    items: Option<usize>,
}

/// How a line of block structure ends.
#[derive(Clone, Copy, Debug)]
struct LineEnd {
    /// Inside a plain scalar, which the next deeper lines may continue.
    in_plain: bool,
    /// The line has a key (`key: ...`).
    had_key: bool,
}

/// A quoted scalar that goes on past the end of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    Single,
    Double,
}

#[derive(Debug)]
struct Scan<'l> {
    limits: &'l Limits,
    blocks: Vec<Block>,
    /// How many keys and items the text has had so far.
    nodes: usize,
    /// The item counts of the open flow collections, innermost last.
    flows: Vec<usize>,
    quote: Option<Quote>,
    /// While inside a block scalar: the column its lines must be deeper than, and its
    /// length so far.
    block_scalar: Option<(usize, usize)>,
    /// After a line that ends in a plain scalar: the column of that line's node. Deeper
    /// lines continue the scalar, so a quote or bracket on them is text.
    plain_above: Option<usize>,
    /// Whether the document has had content, and whether it has been ended with `...`.
    has_content: bool,
    ended: bool,
    /// The first tag met: where, and the tag.
    first_tag: Option<((usize, usize), String)>,
}

impl<'l> Scan<'l> {
    fn refuse<T>(&self, line: usize, column: usize, message: String) -> Result<T, Refusal> {
        Err(Refusal { message, position: (line, column) })
    }

    fn line(&mut self, number: usize, line: &str) -> Result<(), Refusal> {
        if line.len() > self.limits.max_line_bytes {
            let limit = self.limits.max_line_bytes;
            return self.refuse(
                number,
                limit + 1,
                format!("the line is {} bytes long; at most {limit} are allowed (limit `max_line_bytes`)", line.len()),
            );
        }
        let content = line.trim_start_matches(' ');
        let column = line.len() - content.len();
        if let Some((above, length)) = self.block_scalar {
            if content.is_empty() || column > above {
                return self.block_scalar_line(number, above, length + line.len() + 1);
            }
            self.block_scalar = None;
        }
        if self.quote.is_some() || !self.flows.is_empty() {
            return self.text(number, line, column, false).map(drop);
        }
        if let Some(above) = self.plain_above.take() {
            if content.is_empty() || content.starts_with('#') || column > above {
                self.plain_above = Some(above);
                return Ok(());
            }
        }
        if content.is_empty() || content.starts_with('#') {
            return Ok(());
        }
        if column == 0 && is_marker(content, "---") {
            if self.has_content {
                return self.refuse(number, 1, "a second YAML document starts here; a spec is one document".to_owned());
            }
            return Ok(());
        }
        if column == 0 && is_marker(content, "...") {
            self.ended = true;
            return Ok(());
        }
        if self.ended {
            return self.refuse(number, column + 1, "content after the end of the document (`...`)".to_owned());
        }
        self.has_content = true;
        self.block_line(number, line, column)
    }

    fn block_scalar_line(&mut self, number: usize, above: usize, length: usize) -> Result<(), Refusal> {
        let limit = self.limits.max_block_scalar_bytes;
        if length > limit {
            return self.refuse(
                number,
                1,
                format!("the block scalar is longer than {limit} bytes (limit `max_block_scalar_bytes`)"),
            );
        }
        self.block_scalar = Some((above, length));
        Ok(())
    }

    /// A line of block structure: closes the collections it leaves, opens or continues
    /// the sequences its `- ` markers stand for, then scans the rest as text.
    fn block_line(&mut self, number: usize, line: &str, column: usize) -> Result<(), Refusal> {
        let mut at = column;
        let bytes = line.as_bytes();
        let mut first = true;
        // The column of the node a plain scalar on this line belongs to.
        let mut holder = column;
        while bytes.get(at) == Some(&b'-') && bytes.get(at + 1).is_none_or(|next| *next == b' ') {
            self.item(number, at, first)?;
            first = false;
            holder = at;
            at += 1;
            while bytes.get(at) == Some(&b' ') {
                at += 1;
            }
        }
        if at < bytes.len() {
            if first {
                self.close_blocks(at, false);
            }
            self.open(number, at, None)?;
        }
        let end = self.text(number, line, at, true)?;
        if end.in_plain {
            self.plain_above = Some(if end.had_key { at } else { holder });
        }
        Ok(())
    }

    /// A sequence item whose `-` is at `column`.
    fn item(&mut self, number: usize, column: usize, first_on_line: bool) -> Result<(), Refusal> {
        if first_on_line {
            self.close_blocks(column, true);
        }
        match self.blocks.last_mut() {
            Some(Block { column: open, items: Some(items) }) if *open == column => *items += 1,
            _ => self.open(number, column, Some(1))?,
        }
        let items = self.blocks.last().and_then(|block| block.items).unwrap_or(0);
        if items > self.limits.max_items {
            return self.refuse(number, column + 1, self.too_many_items());
        }
        self.node(number, column)
    }

    /// Counts one more key or item, starting at `column`.
    fn node(&mut self, number: usize, column: usize) -> Result<(), Refusal> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            let limit = self.limits.max_nodes;
            return self.refuse(
                number,
                column + 1,
                format!("the spec has more than {limit} keys and items (limit `max_nodes`)"),
            );
        }
        Ok(())
    }

    fn too_many_items(&self) -> String {
        format!("the sequence has more than {} items (limit `max_items`)", self.limits.max_items)
    }

    /// Closes the block collections a line starting at `column` leaves: those deeper, and
    /// for a key, a sequence at its column (a sequence may sit at its key's column).
    fn close_blocks(&mut self, column: usize, is_item: bool) {
        while let Some(top) = self.blocks.last() {
            let leaves = top.column > column || (top.column == column && !is_item && top.items.is_some());
            if !leaves {
                break;
            }
            self.blocks.pop();
        }
    }

    /// Opens a block collection at `column` (a sequence when `items` is set).
    fn open(&mut self, number: usize, column: usize, items: Option<usize>) -> Result<(), Refusal> {
        if self.blocks.last().is_some_and(|top| top.column == column && top.items.is_none() && items.is_none()) {
            return Ok(());
        }
        self.blocks.push(Block { column, items });
        self.check_depth(number, column)
    }

    fn check_depth(&self, number: usize, column: usize) -> Result<(), Refusal> {
        let depth = self.blocks.len() + self.flows.len();
        if depth > self.limits.max_depth {
            let limit = self.limits.max_depth;
            return self.refuse(
                number,
                column + 1,
                format!("collections nest deeper than {limit} (limit `max_depth`)"),
            );
        }
        Ok(())
    }

    /// Scans the rest of a line from `start`: quotes, comments, flow collections and the
    /// start of a block scalar. `scalar_start` says whether a scalar may begin at `start`.
    fn text(&mut self, number: usize, line: &str, start: usize, scalar_start: bool) -> Result<LineEnd, Refusal> {
        let bytes = line.as_bytes();
        let mut at = start;
        let mut scalar_start = scalar_start || !self.flows.is_empty();
        let (mut plain, mut had_key) = (false, false);
        while at < bytes.len() {
            let byte = bytes[at];
            if let Some(quote) = self.quote {
                at = self.quoted(bytes, at, quote);
                continue;
            }
            let after_space = at == 0 || bytes[at - 1] == b' ' || bytes[at - 1] == b'\t';
            let in_flow = !self.flows.is_empty();
            match byte {
                b' ' | b'\t' => {}
                b'#' if after_space => break,
                b'"' | b'\'' if scalar_start => {
                    self.quote = Some(if byte == b'"' { Quote::Double } else { Quote::Single });
                    scalar_start = false;
                }
                b'[' | b'{' if scalar_start || in_flow => {
                    self.flows.push(1);
                    self.check_depth(number, at)?;
                    self.node(number, at)?;
                }
                b']' | b'}' if !self.flows.is_empty() => {
                    self.flows.pop();
                    scalar_start = !self.flows.is_empty();
                }
                b',' if !self.flows.is_empty() => {
                    let items = self.flows.last_mut().map_or(0, |items| {
                        *items += 1;
                        *items
                    });
                    if items > self.limits.max_items {
                        return self.refuse(number, at + 1, self.too_many_items());
                    }
                    self.node(number, at)?;
                    scalar_start = true;
                }
                b':' if bytes.get(at + 1).is_none_or(|next| *next == b' ') || in_flow => {
                    if !in_flow && !had_key {
                        had_key = true;
                        self.node(number, start)?;
                    }
                    scalar_start = true;
                }
                b'!' if scalar_start => {
                    // A tag: up to the next space or flow indicator; the node follows it.
                    let length =
                        bytes[at..].iter().position(|b| matches!(b, b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}'));
                    let end = at + length.unwrap_or(bytes.len() - at);
                    if self.first_tag.is_none() {
                        self.first_tag =
                            Some(((number, at + 1), String::from_utf8_lossy(&bytes[at..end]).into_owned()));
                    }
                    at = end;
                    continue;
                }
                b'&' if scalar_start => {
                    // An anchor: a tag may follow it.
                    let length = bytes[at..].iter().position(|b| matches!(b, b' ' | b'\t' | b',' | b']' | b'}'));
                    at += length.unwrap_or(bytes.len() - at);
                    continue;
                }
                b'|' | b'>' if scalar_start && !in_flow => {
                    // Lines deeper than the node that holds the scalar are its text.
                    let above = self.blocks.last().map_or(0, |block| block.column);
                    self.block_scalar = Some((above, 0));
                    return Ok(LineEnd { in_plain: false, had_key });
                }
                _ => {
                    scalar_start = in_flow && matches!(byte, b'?' | b'-');
                    plain = !in_flow;
                    at += 1;
                    continue;
                }
            }
            if !matches!(byte, b' ' | b'\t') {
                plain = false;
            }
            at += 1;
        }
        Ok(LineEnd { in_plain: plain && self.quote.is_none() && self.flows.is_empty(), had_key })
    }

    /// Moves through a quoted scalar from `at`; returns where scanning goes on.
    fn quoted(&mut self, bytes: &[u8], at: usize, quote: Quote) -> usize {
        match (quote, bytes[at]) {
            (Quote::Double, b'\\') => at + 2,
            (Quote::Double, b'"') => {
                self.quote = None;
                at + 1
            }
            (Quote::Single, b'\'') if bytes.get(at + 1) == Some(&b'\'') => at + 2,
            (Quote::Single, b'\'') => {
                self.quote = None;
                at + 1
            }
            _ => at + 1,
        }
    }
}

/// Whether `content` is the document marker `marker` (alone or followed by a space).
fn is_marker(content: &str, marker: &str) -> bool {
    content.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Checks the counts of a spec that was read; the refusal names the first item past the
/// limit by its path.
pub fn check_counts(spec: &Spec, limits: &Limits) -> Result<(), (DocPath, String)> {
    let root = DocPath::root();
    // A group's rows count where they are written and again for each operation naming it:
    // they are that operation's rows in the model and in the generated code.
    let groups = spec.errors.iter().flat_map(|errors| &errors.groups);
    let mut group_rows: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for group in groups.clone() {
        group_rows.entry(group.name.as_deref().unwrap_or_default()).or_insert(group.rows.len());
    }
    let named = |operation: &crate::read::spec::Operation| -> usize {
        operation.error_groups.iter().map(|name| group_rows.get(name.as_str()).copied().unwrap_or(0)).sum()
    };
    let error_rows = spec.errors.as_ref().map_or(0, |errors| errors.common.len())
        + groups.map(|group| group.rows.len()).sum::<usize>()
        + spec.operations.iter().map(|operation| operation.errors.len() + named(operation)).sum::<usize>();
    let enum_values: usize = spec.enums.iter().map(|item| item.values.len()).sum();
    let counts = [
        ("operations", spec.operations.len(), limits.max_operations, "max_operations"),
        ("models", spec.models.len(), limits.max_models, "max_models"),
        ("enum values", enum_values, limits.max_enum_values, "max_enum_values"),
        ("error rows", error_rows, limits.max_error_rows, "max_error_rows"),
    ];
    for (what, count, limit, name) in counts {
        if count > limit {
            let path = match what {
                "operations" => root.key("operations").index(limit),
                "models" => root.key("models").index(limit),
                _ => root.clone(),
            };
            return Err((path, format!("the spec has {count} {what}; at most {limit} are allowed (limit `{name}`)")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str, limits: &Limits) -> Refusal {
        prescan(text, limits).expect_err("refused")
    }

    #[test]
    fn a_groups_rows_count_again_for_each_operation_naming_it() {
        let text = "errors:\n  groups:\n    - { name: g, rows: [{ code: A }, { code: B }] }\n\
                    operations:\n  - { error_groups: [g], errors: [{ code: C }] }\n  - { error_groups: [g, missing] }\n";
        let spec: Spec = serde_yaml::from_str(text).unwrap();
        // 2 written in the group, then 2 + 1 and 2 for the operations.
        let limits = Limits { max_error_rows: 7, ..Limits::default() };
        assert_eq!(check_counts(&spec, &limits), Ok(()));
        let limits = Limits { max_error_rows: 6, ..Limits::default() };
        let (_, message) = check_counts(&spec, &limits).unwrap_err();
        assert_eq!(message, "the spec has 7 error rows; at most 6 are allowed (limit `max_error_rows`)");
    }

    #[test]
    fn the_share_spec_is_within_the_default_limits() {
        let spec = include_str!("../../../spec/share_records.yaml");
        assert_eq!(prescan(spec, &Limits::default()), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_where_it_crosses_the_limit() {
        let limits = Limits { max_depth: 3, ..Limits::default() };
        assert_eq!(refused("a: [[[1]]]\n", &limits).position, (1, 6));
        assert_eq!(refused("a:\n  b:\n    - - x\n", &limits).position, (3, 7));
        assert_eq!(prescan("a: \"[[[[\"\nb: '{{{{'\nc: x[[[[ # [[[[\n", &limits), Ok(()));
        assert_eq!(prescan("a: |\n  [[[[[\n  {{{{{\nb: 1\n", &limits), Ok(()));
        assert_eq!(refused("a:\n  - b: x\n    c: [[1]]\n", &limits).position, (3, 8));
        assert_eq!(refused("a: x\n  'y\nb: [[[1]]]\n", &limits).position, (3, 6), "the quote is text");
    }

    #[test]
    fn long_sequences_are_refused_at_the_first_item_too_many() {
        let limits = Limits { max_items: 2, ..Limits::default() };
        assert_eq!(refused("a:\n  - 1\n  - 2\n  - 3\n", &limits).position, (4, 3));
        assert_eq!(refused("a: [1, 2, 3]\n", &limits).position, (1, 9));
        assert_eq!(prescan("a:\n  - 1\n  - 2\nb:\n  - 1\n  - 2\n", &limits), Ok(()));
        assert_eq!(prescan("a:\n- [1, 2]\n- [3, 4]\n", &limits), Ok(()));
    }

    #[test]
    fn keys_and_items_are_counted_together() {
        let limits = Limits { max_nodes: 6, ..Limits::default() };
        assert_eq!(prescan("a: 1\nb:\n  - 1\n  - [2, 3]\n", &limits), Ok(()));
        assert_eq!(refused("a: 1\nb:\n  - 1\n  - [2, 3]\nc: 4\n", &limits).position, (5, 1));
    }

    #[test]
    fn a_second_document_and_long_lines_are_located() {
        assert_eq!(refused("a: 1\n---\nb: 2\n", &Limits::default()).position, (2, 1));
        assert_eq!(prescan("# head\n---\na: 1\n", &Limits::default()), Ok(()));
        assert_eq!(refused("a: 1\n...\nb: 2\n", &Limits::default()).position, (3, 1));
        let limits = Limits { max_line_bytes: 8, ..Limits::default() };
        assert_eq!(refused("a: 1\nb: 123456789\n", &limits).position, (2, 9));
    }

    #[test]
    fn tags_are_found_where_a_node_starts() {
        let tag = |text: &str| first_tag(text, &Limits::default());
        assert_eq!(tag("a: !!binary aGk=\n"), Some(((1, 4), "!!binary".to_owned())));
        assert_eq!(tag("a:\n  - &x !<tag:x> y\n"), Some(((2, 8), "!<tag:x>".to_owned())));
        assert_eq!(tag("a: [1, !t x]\n"), Some(((1, 8), "!t".to_owned())));
        assert_eq!(tag("!t a: 1\n"), Some(((1, 1), "!t".to_owned())));
        assert_eq!(tag("a: hi!\nb: \"!x\"\nc: |\n  !x\nd: x # !x\n"), None);
    }

    #[test]
    fn bytes_past_the_limit_and_invalid_utf8_are_located() {
        let limits = Limits { max_bytes: 6, ..Limits::default() };
        assert_eq!(check_bytes(b"a: 1\nb: 2\n", &limits).unwrap_err().position, (2, 2));
        let err = check_bytes(b"a: 1\nb: \xff\n", &Limits::default()).unwrap_err();
        assert_eq!(err.position, (2, 4));
        assert!(err.message.contains("0xff"), "{}", err.message);
    }
}
