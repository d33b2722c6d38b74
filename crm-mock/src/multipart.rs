//! A strict reader of `multipart/form-data` bodies (RFC 7578 over RFC 2046), total on
//! any input: what it cannot read it refuses with the reason, and it never panics.
//!
//! It reads what a well-behaved client sends: an optional preamble ending in CRLF, parts
//! each opened by `--boundary` (optionally padded with spaces or tabs) and CRLF, headers
//! ending at an empty line (a `Content-Disposition: form-data` with a `name`, an optional
//! `filename` and `Content-Type`), the content up to the next CRLF and `--boundary`, and
//! the closing `--boundary--` (anything after it is the epilogue, and ignored).

use super::MockPart;

/// The longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// The boundary a `multipart/form-data` content type names, or why it names none.
pub(crate) fn boundary(content_type: &str) -> Result<String, String> {
    let (media_type, params) = header_value(content_type)?;
    if !media_type.eq_ignore_ascii_case("multipart/form-data") {
        let shown = if media_type.is_empty() { "none" } else { media_type };
        return Err(format!("the content type is `{}`, not `multipart/form-data`", shown.escape_debug()));
    }
    let mut boundaries = params.into_iter().filter(|(name, _)| name == "boundary").map(|(_, value)| value);
    let Some(boundary) = boundaries.next() else {
        return Err("the content type names no boundary".to_owned());
    };
    if boundaries.next().is_some() {
        return Err("the content type names more than one boundary".to_owned());
    }
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&byte);
    if boundary.is_empty() || boundary.len() > MAX_BOUNDARY || !boundary.bytes().all(allowed) || boundary.ends_with(' ')
    {
        return Err(format!(
            "`{}` is not a boundary (1 to 70 letters, digits or `'()+_,-./:=?` and inner spaces)",
            boundary.escape_debug()
        ));
    }
    Ok(boundary)
}

/// The parts of `body`, delimited by `boundary`, in order; or why the body does not read.
pub(crate) fn parse(body: &[u8], boundary: &str) -> Result<Vec<MockPart>, String> {
    let dash_boundary = [b"--", boundary.as_bytes()].concat();
    let delimiter = [b"\r\n", dash_boundary.as_slice()].concat();
    // The first boundary opens the body, or ends a preamble.
    let mut at = if body.starts_with(&dash_boundary) {
        dash_boundary.len()
    } else {
        let start = find(body, &delimiter, 0).ok_or("the body has no opening boundary line")?;
        start + delimiter.len()
    };
    let mut parts = Vec::new();
    loop {
        let rest = body.get(at..).unwrap_or_default();
        if rest.starts_with(b"--") {
            // The closing boundary; what follows is the epilogue.
            return Ok(parts);
        }
        let padding = rest.iter().take_while(|byte| matches!(byte, b' ' | b'\t')).count();
        let after = rest.get(padding..).unwrap_or_default();
        if after.is_empty() {
            return Err("the body ends after a boundary, without the closing boundary".to_owned());
        }
        if !after.starts_with(b"\r\n") {
            return Err(format!("the boundary line before part #{} does not end with CRLF", parts.len() + 1));
        }
        at += padding + 2;
        let number = parts.len() + 1;
        let mut disposition: Option<(String, Option<String>)> = None;
        let mut content_type: Option<String> = None;
        loop {
            let end =
                find(body, b"\r\n", at).ok_or_else(|| format!("the body ends inside the headers of part #{number}"))?;
            let line = body.get(at..end).unwrap_or_default();
            at = end + 2;
            if line.is_empty() {
                break;
            }
            let (name, value) = header_line(line).map_err(|reason| format!("part #{number}: {reason}"))?;
            if name.eq_ignore_ascii_case("content-disposition") {
                if disposition.is_some() {
                    return Err(format!("part #{number} has two `Content-Disposition` headers"));
                }
                disposition = Some(form_data(value).map_err(|reason| format!("part #{number}: {reason}"))?);
            } else if name.eq_ignore_ascii_case("content-type") {
                if content_type.is_some() {
                    return Err(format!("part #{number} has two `Content-Type` headers"));
                }
                content_type = Some(value.to_owned());
            }
        }
        let Some((name, file_name)) = disposition else {
            return Err(format!("part #{number} has no `Content-Disposition` header"));
        };
        let end = find(body, &delimiter, at)
            .ok_or_else(|| format!("the body ends inside part #{number} (`{name}`), without a boundary after it"))?;
        let bytes = body.get(at..end).unwrap_or_default().to_vec();
        parts.push(MockPart { name, file_name, content_type, bytes });
        at = end + delimiter.len();
    }
}

/// The position of the first `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let position = haystack.get(from..)?.windows(needle.len()).position(|window| window == needle)?;
    Some(from + position)
}

/// A header line's name and value (trimmed).
fn header_line(line: &[u8]) -> Result<(&str, &str), String> {
    let line = std::str::from_utf8(line).map_err(|_| "a header line is not UTF-8".to_owned())?;
    let (name, value) =
        line.split_once(':').ok_or_else(|| format!("`{}` is not a header line", line.escape_debug()))?;
    let token = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(format!("`{}` is not a header name", name.escape_debug()));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(format!("header `{name}` holds a control character"));
    }
    Ok((name, value.trim_matches([' ', '\t'])))
}

/// The `name` and `filename` of a `Content-Disposition: form-data` header's value.
fn form_data(value: &str) -> Result<(String, Option<String>), String> {
    let (disposition, params) = header_value(value)?;
    if !disposition.eq_ignore_ascii_case("form-data") {
        return Err(format!("the disposition is `{}`, not `form-data`", disposition.escape_debug()));
    }
    let mut name = None;
    let mut file_name = None;
    for (key, value) in params {
        let slot = match key.as_str() {
            "name" => &mut name,
            "filename" => &mut file_name,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(format!("`Content-Disposition` gives `{key}` twice"));
        }
    }
    match name {
        Some(name) if !name.is_empty() => Ok((name, file_name)),
        Some(_) => Err("`Content-Disposition` gives an empty `name`".to_owned()),
        None => Err("`Content-Disposition` gives no `name`".to_owned()),
    }
}

/// A header's parameters: `name=value` pairs, names in lower case and quoted values
/// unquoted.
type Params = Vec<(String, String)>;

/// A header value's first item (before any `;`, trimmed) and its parameters.
fn header_value(text: &str) -> Result<(&str, Params), String> {
    let (head, mut rest) = text.split_once(';').map_or((text, ""), |(head, rest)| (head, rest));
    let blank = [' ', '\t'];
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches(blank);
        if rest.is_empty() {
            break;
        }
        let (name, after) = rest.split_once('=').ok_or_else(|| format!("`{}` has no `=value`", rest.escape_debug()))?;
        let name = name.trim_matches(blank);
        let token = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(format!("`{}` is not a parameter name", name.escape_debug()));
        }
        let after = after.trim_start_matches(blank);
        let (value, remainder) = match after.strip_prefix('"') {
            Some(quoted) => unquote(quoted)?,
            None => {
                let end = after.find([';', ' ', '\t']).unwrap_or(after.len());
                let (value, remainder) = after.split_at_checked(end).unwrap_or((after, ""));
                if value.is_empty() || value.contains('"') {
                    return Err(format!("parameter `{name}` has no well-formed value"));
                }
                (value.to_owned(), remainder)
            }
        };
        params.push((name.to_ascii_lowercase(), value));
        rest = remainder.trim_start_matches(blank);
        if rest.is_empty() {
            break;
        }
        rest = rest.strip_prefix(';').ok_or_else(|| format!("parameter `{name}` is not followed by `;`"))?;
    }
    Ok((head.trim_matches(blank), params))
}

/// The text of a quoted string whose opening quote is gone, and what follows its closing
/// quote.
fn unquote(quoted: &str) -> Result<(String, &str), String> {
    let mut text = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => text.push(escaped),
                None => break,
            },
            '"' => return Ok((text, quoted.get(at + 1..).unwrap_or_default())),
            c => text.push(c),
        }
    }
    Err("a quoted string has no closing quote".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &[u8] = b"preamble\r\n--XyZ\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n\
        Content-Type: text/plain\r\n\r\n\
        one\r\n--\r\n\
        --XyZ  \r\n\
        content-disposition: form-data; name=file; filename=\"q\\\"uote.bin\"\r\n\r\n\
        \r\n--XyZ\r\n\
        Content-Disposition: form-data; name=\"flag\"\r\n\r\n\
        true\r\n--XyZ--\r\nepilogue";

    #[test]
    fn a_well_formed_body_reads_part_by_part() {
        let parts = parse(GOOD, "XyZ").expect("the body reads");
        let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
        assert_eq!(names, ["file", "file", "flag"]);
        assert_eq!(parts[0].file_name.as_deref(), Some("a b.txt"));
        assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
        assert_eq!(parts[0].bytes, b"one\r\n--");
        assert_eq!(parts[1].file_name.as_deref(), Some("q\"uote.bin"));
        assert_eq!(parts[1].bytes, b"");
        assert_eq!(parts[2].file_name, None);
        assert_eq!(parts[2].bytes, b"true");
    }

    #[test]
    fn content_types_give_their_boundary() {
        assert_eq!(boundary("multipart/form-data; boundary=abc").as_deref(), Ok("abc"));
        assert_eq!(boundary("Multipart/Form-Data;boundary=\"a b:c\"; charset=utf-8").as_deref(), Ok("a b:c"));
        for refused in [
            "",
            "application/json",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"\"",
            "multipart/form-data; boundary=\"abc",
            "multipart/form-data; boundary=a; boundary=b",
            "multipart/form-data; boundary=\"ends with space \"",
            "multipart/mixed; boundary=abc",
            "multipart/form-data; boundary=a;b",
        ] {
            assert!(boundary(refused).is_err(), "{refused:?} is refused");
        }
        assert!(boundary(&format!("multipart/form-data; boundary={}", "b".repeat(71))).is_err());
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for (body, why) in [
            (&b""[..], "empty"),
            (b"--XyZ--", "no part is fine"),
            (b"--XyZ\r\n\r\nx\r\n--XyZ--", "no disposition"),
            (b"--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--", "not form-data"),
            (b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", "no name"),
            (b"--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--XyZ--", "two names"),
            (b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZjunk\r\n", "boundary in content"),
            (b"--XyZ\r\n Content-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ--", "folded header"),
            (b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--XyZ", "no closing boundary"),
        ] {
            let result = parse(body, "XyZ");
            if why == "no part is fine" {
                assert_eq!(result, Ok(Vec::new()));
            } else {
                assert!(result.is_err(), "{why}: {result:?}");
            }
        }
    }

    #[test]
    fn truncations_and_random_bytes_are_refused_without_panicking() {
        // Every cut before the closing boundary's last byte loses the closing boundary.
        let closing = GOOD.len() - b"\r\nepilogue".len();
        for cut in 0..GOOD.len() {
            let result = parse(&GOOD[..cut], "XyZ");
            assert_eq!(result.is_ok(), cut >= closing, "cut at {cut}: {result:?}");
        }
        let mut rng = fastrand::Rng::with_seed(0x5eed_f11e);
        let alphabet: &[u8] = b"-XyZ\r\n\":;= abcname\\form-dataContent-Disposition";
        for round in 0..5000 {
            let length = rng.usize(0..200);
            let random: Vec<u8> = if round % 2 == 0 {
                (0..length).map(|_| rng.u8(..)).collect()
            } else {
                (0..length).map(|_| alphabet[rng.usize(0..alphabet.len())]).collect()
            };
            let _ = parse(&random, "XyZ");
            let _ = boundary(&String::from_utf8_lossy(&random));
            // A good body with a few bytes changed, and cut anywhere.
            let mut changed = GOOD.to_vec();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(0..changed.len());
                changed[at] = alphabet[rng.usize(0..alphabet.len())];
            }
            changed.truncate(rng.usize(0..=changed.len()));
            let _ = parse(&changed, "XyZ");
        }
    }
}
