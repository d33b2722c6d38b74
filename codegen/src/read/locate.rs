//! Finds the line and column of a path inside a YAML document.
//!
//! The YAML reader reports positions only for syntax and type errors, so problems found
//! later (an unknown model, a status out of range) would carry only their path. This
//! module indexes the text once: the position of every mapping key and sequence item in
//! block style, and of keys and items inside one-line flow collections (`{ a: 1 }`,
//! `[READ, ALL]`). Anything it cannot follow (multi-line flow collections, anchors) is
//! simply not indexed; a path then resolves to its nearest indexed ancestor.

use std::collections::HashMap;

use crate::diag::DocPath;

/// The position of every indexed node of a document.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<DocPath, (usize, usize)>,
}

impl Locator {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut indexer = Indexer::default();
        // Lines end in LF, CRLF or a lone CR, as the reader takes them.
        for (number, line) in super::text_guard::line_breaks(text).lines().enumerate() {
            indexer.line(number + 1, line);
        }
        // Problems with the document as a whole (a missing top-level key) point at its
        // mapping: its first key, past any comments above it; else the document's start.
        let first_key = indexer
            .positions
            .iter()
            .filter(|(path, _)| path.segments().len() == 1 && path.parent() == Some(DocPath::root()))
            .map(|(_, position)| *position)
            .min();
        indexer.positions.insert(DocPath::root(), first_key.unwrap_or((1, 1)));
        Locator { positions: indexer.positions }
    }

    /// The indexed node that starts last at or before `position` (1-based line and
    /// column): the key or item that holds what is there. The root when none does.
    pub fn path_at(&self, position: (usize, usize)) -> DocPath {
        self.positions
            .iter()
            .filter(|(_, at)| **at <= position)
            .max_by(|(path_a, at_a), (path_b, at_b)| {
                at_a.cmp(at_b).then(path_a.segments().len().cmp(&path_b.segments().len()))
            })
            .map_or_else(DocPath::root, |(path, _)| path.clone())
    }

    /// The 1-based line and column of `path`, or of its nearest indexed ancestor.
    pub fn find(&self, path: &DocPath) -> Option<(usize, usize)> {
        let mut current = Some(path.clone());
        while let Some(path) = current {
            if let Some(position) = self.positions.get(&path) {
                return Some(*position);
            }
            current = path.parent();
        }
        None
    }
}

/// An open node: the column it starts at and its path.
#[derive(Debug)]
struct Frame {
    column: usize,
    path: DocPath,
    is_item: bool,
}

#[derive(Debug, Default)]
struct Indexer {
    positions: HashMap<DocPath, (usize, usize)>,
    stack: Vec<Frame>,
    /// How many items each sequence has had so far.
    item_counts: HashMap<DocPath, usize>,
    /// While inside a block scalar: the column its lines must be deeper than.
    block_scalar_above: Option<usize>,
}

impl Indexer {
    fn line(&mut self, number: usize, line: &str) {
        let content = line.trim_start_matches(' ');
        let column = line.len() - content.len();
        if let Some(above) = self.block_scalar_above {
            if content.is_empty() || column > above {
                return;
            }
            self.block_scalar_above = None;
        }
        if content.is_empty() || content.starts_with('#') || content.starts_with("---") {
            return;
        }
        self.node(number, column, content);
    }

    /// A node starting at `column`: a sequence item, a key, or a continued scalar.
    fn node(&mut self, number: usize, column: usize, content: &str) {
        if content == "-" || content.starts_with("- ") {
            let parent = self.open_parent(column, true);
            let index = self.next_index(&parent);
            let path = parent.index(index);
            self.positions.insert(path.clone(), (number, column + 1));
            self.stack.push(Frame { column, path: path.clone(), is_item: true });
            let rest = &content[1..];
            let inner = rest.trim_start_matches(' ');
            if !inner.is_empty() {
                let inner_column = column + 1 + (rest.len() - inner.len());
                self.item_value(number, inner_column, inner, &path);
            }
        } else if let Some((key, value, value_column)) = split_key(content) {
            let parent = self.open_parent(column, false);
            self.key(number, column, &parent, &key, value, value_column);
        }
        // Anything else continues a multi-line scalar: nothing to index.
    }

    /// What follows `- ` on an item's line: a nested key, a flow collection or a scalar.
    fn item_value(&mut self, number: usize, column: usize, content: &str, path: &DocPath) {
        if content.starts_with("- ") {
            self.node(number, column, content);
        } else if let Some((key, value, value_column)) = split_key(content) {
            self.key(number, column, path, &key, value, value_column);
        } else {
            self.flow(number, column, content, path);
        }
    }

    fn key(&mut self, number: usize, column: usize, parent: &DocPath, key: &str, value: &str, value_column: usize) {
        let path = parent.key(key);
        self.positions.insert(path.clone(), (number, column + 1));
        let value = strip_comment(value);
        if value.is_empty() {
            self.stack.push(Frame { column, path, is_item: false });
        } else if value.starts_with('|') || value.starts_with('>') {
            self.block_scalar_above = Some(column);
        } else {
            self.flow(number, column + value_column, value, &path);
        }
    }

    /// Closes the nodes a line at `column` ends, and returns the path of its parent.
    fn open_parent(&mut self, column: usize, is_item: bool) -> DocPath {
        while let Some(top) = self.stack.last() {
            // A sequence may sit at the same column as the key that holds it.
            let holds_this_item = is_item && !top.is_item && top.column == column;
            if top.column < column || holds_this_item {
                break;
            }
            self.stack.pop();
        }
        self.stack.last().map_or_else(DocPath::root, |top| top.path.clone())
    }

    fn next_index(&mut self, sequence: &DocPath) -> usize {
        let count = self.item_counts.entry(sequence.clone()).or_insert(0);
        *count += 1;
        *count - 1
    }

    /// Indexes the keys or items of a one-line flow collection.
    fn flow(&mut self, number: usize, column: usize, text: &str, path: &DocPath) {
        let (open, close) = match text.as_bytes().first() {
            Some(b'{') => ('{', '}'),
            Some(b'[') => ('[', ']'),
            _ => return,
        };
        let Some(end) = text.rfind(close) else { return };
        let inner = &text[1..end];
        for (offset, part) in split_flow(inner) {
            let part_column = column + 1 + offset;
            if open == '[' {
                let index = self.next_index(path);
                let item = path.index(index);
                self.positions.insert(item.clone(), (number, part_column + 1));
                self.flow(number, part_column, part, &item);
            } else if let Some((key, value, value_column)) = split_key(part) {
                let child = path.key(&key);
                self.positions.insert(child.clone(), (number, part_column + 1));
                self.flow(number, part_column + value_column, value, &child);
            }
        }
    }
}

/// Splits `key: value` into the key (unquoted), the value and the value's offset.
fn split_key(content: &str) -> Option<(String, &str, usize)> {
    let (key, rest_at) = if let Some(quote @ ('"' | '\'')) = content.chars().next() {
        let end = content[1..].find(quote)? + 1;
        (content[1..end].to_owned(), end + 1)
    } else {
        let colon = find_key_colon(content)?;
        (content[..colon].trim_end().to_owned(), colon)
    };
    let rest = content.get(rest_at..)?;
    let after_colon = rest.strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with(' ')) || key.is_empty() {
        return None;
    }
    let value = after_colon.trim_start_matches(' ');
    let value_column = rest_at + 1 + (after_colon.len() - value.len());
    Some((key, value, value_column))
}

/// The colon that ends a plain key: followed by a space or the end of the text, and not
/// inside a flow collection or a quoted string.
fn find_key_colon(content: &str) -> Option<usize> {
    if content.starts_with(['{', '[', '#']) {
        return None;
    }
    let bytes = content.as_bytes();
    bytes.iter().enumerate().find_map(|(at, byte)| {
        let ends_key = *byte == b':' && bytes.get(at + 1).is_none_or(|next| *next == b' ');
        ends_key.then_some(at)
    })
}

/// Drops a trailing ` # comment` outside quotes.
fn strip_comment(value: &str) -> &str {
    let mut quote = None;
    for (at, ch) in value.char_indices() {
        match (quote, ch) {
            (None, '"' | '\'') => quote = Some(ch),
            (Some(open), _) if ch == open => quote = None,
            (None, '#') if at == 0 || value[..at].ends_with(' ') => return value[..at].trim_end(),
            _ => {}
        }
    }
    value.trim_end()
}

/// Splits the inside of a flow collection at its top-level commas, with each part's offset.
fn split_flow(inner: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None, 0usize);
    for (at, ch) in inner.char_indices() {
        match (quote, ch) {
            (Some(open), _) if ch == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(trimmed_part(inner, start, at));
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(trimmed_part(inner, start, inner.len()));
    parts.into_iter().filter(|(_, part)| !part.is_empty()).collect()
}

fn trimmed_part(inner: &str, start: usize, end: usize) -> (usize, &str) {
    let part = &inner[start..end];
    let trimmed = part.trim_start();
    (start + part.len() - trimmed.len(), trimmed.trim_end())
}

/// Builds a path from text like `operations[2].errors[4].status`; for tests.
#[cfg(test)]
fn path(text: &str) -> DocPath {
    let mut path = DocPath::root();
    for part in text.split('.') {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(key, rest)| (key, rest));
        path = path.key(key);
        for index in indexes.split('[').filter(|index| !index.is_empty()) {
            path = path.index(index.trim_end_matches(']').parse().unwrap());
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: Share # the name
doc: >-
  folded: text that
  looks: like keys
versions:
  - name: v2
  - name: v2.1
    doc: x
modules:
  supported:
    - { api_name: Leads, scope_name: leads }
    - { api_name: Price_Books, display_name: \"Price, Books\" }
operations:
- name: get
  scopes: [READ, ALL]
  errors:
    - kind: A
      status: 401
    -
      kind: B
      status: 4000
  'quoted key': 1
";

    #[test]
    fn finds_keys_items_and_flow_members() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.find(&path("name")), Some((1, 1)));
        assert_eq!(locator.find(&path("versions[1].doc")), Some((8, 5)));
        assert_eq!(locator.find(&path("versions[1]")), Some((7, 3)));
        assert_eq!(locator.find(&path("modules.supported[0].scope_name")), Some((11, 26)));
        assert_eq!(locator.find(&path("modules.supported[1].display_name")), Some((12, 32)));
        assert_eq!(locator.find(&path("operations[0].scopes[1]")), Some((15, 18)));
        assert_eq!(locator.find(&path("operations[0].errors[1].status")), Some((21, 7)));
        assert_eq!(locator.find(&path("operations[0].quoted key")), Some((22, 3)));
    }

    #[test]
    fn block_scalars_are_not_mistaken_for_keys() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.find(&path("folded")), Some((1, 1)), "not a key: only the document's start");
        assert_eq!(locator.find(&path("doc.folded")), Some((2, 1)), "falls back to the nearest ancestor");
    }

    #[test]
    fn missing_paths_fall_back_to_their_parent() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.find(&path("operations[0].errors[0].message")), Some((17, 5)));
        assert_eq!(locator.find(&path("nowhere")), Some((1, 1)), "the top-level mapping");
        let commented = Locator::new("# A spec, with a comment first.\n\nname: X\ndoc: Y\n");
        assert_eq!(commented.find(&path("base_url")), Some((3, 1)), "the first key, not the comment");
    }
}
