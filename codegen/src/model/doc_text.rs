//! Text from a spec made into documentation that rustdoc takes as plain text.
//!
//! A spec's `doc`, `notes` and messages are prose written for people: a `[word]` in them
//! is not an intra-doc link, a `<tag>` is not HTML, and a URL is not meant to trip the
//! bare-URL lint. The resolve stage escapes them once, before the emitters combine them
//! with the links they write themselves (such as `[ApiError::X]` in an operation's table
//! of errors), so a spec's text cannot break `cargo doc -D warnings` in the crate that
//! includes the generated code. Text inside backticks and fenced blocks is left alone, but
//! fenced blocks are marked `text`, so that none is compiled as a doctest.

/// `text` with `[`, `]` and `<` escaped and bare URLs made into autolinks, outside code
/// spans and fenced blocks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_fence = false;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // An opening fence is marked `text`: rustdoc would compile any other block.
            in_fence = !in_fence;
            let fence = &trimmed[..3];
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str(fence);
            if in_fence {
                out.push_str("text");
            }
        } else if in_fence {
            out.push_str(line);
        } else {
            escape_line(line, &mut out);
        }
    }
    out
}

/// Escapes one line outside a fence; backtick code spans are copied as they are.
fn escape_line(line: &str, out: &mut String) {
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            // A code span runs to the next backtick; an unclosed one is plain text.
            if let Some(end) = after.find('`') {
                out.push('`');
                out.push_str(&after[..=end]);
                rest = &after[end + 1..];
                continue;
            }
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '>', '"', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(next) = chars.next() else { break };
        if matches!(next, '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(next);
        rest = chars.as_str();
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn prose_is_not_markup() {
        assert_eq!(escape("see [x] and <b>"), "see \\[x\\] and \\<b>");
        assert_eq!(escape("keep `[code]` as is"), "keep `[code]` as is");
        assert_eq!(escape("at https://example.com/a."), "at <https://example.com/a>.");
        assert_eq!(escape("```\n[x]\n```\n[y]"), "```text\n[x]\n```\n\\[y\\]");
        assert_eq!(escape("```rust\nfn f() {}\n```"), "```text\nfn f() {}\n```");
        assert_eq!(escape("an `unclosed [span"), "an `unclosed \\[span");
    }
}
