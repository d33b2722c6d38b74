//! `multipart/form-data` bodies (RFC 7578): the files and fields an upload sends, and a
//! strict reader of such bodies for test servers.

use std::fmt;
use std::sync::Arc;

use crate::build_error::{BuildError, FieldPath};
use crate::wire::Check;

/// The content type of a file whose name gives no better one.
const OCTET_STREAM: &str = "application/octet-stream";

/// The content types [`FilePart::new`] knows by file name extension (lower case).
const CONTENT_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("bmp", "image/bmp"),
    ("webp", "image/webp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("pdf", "application/pdf"),
    ("csv", "text/csv"),
    ("zip", "application/zip"),
    ("json", "application/json"),
    ("txt", "text/plain"),
    ("xml", "application/xml"),
    ("html", "text/html"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
];

/// A file to upload: its bytes, its name and its content type.
///
/// The bytes are shared, so a clone is cheap however large the file.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    bytes: Arc<[u8]>,
}

impl FilePart {
    /// A file named `file_name` holding `bytes`; its content type is guessed from the
    /// name's extension (`report.PDF` is `application/pdf`), else
    /// `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> FilePart {
        let file_name = file_name.into();
        let content_type = guess_content_type(&file_name).to_owned();
        FilePart { file_name, content_type, bytes: Arc::from(bytes.into()) }
    }

    /// The same file with another content type, e.g. `text/csv; charset=utf-8`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = content_type.into();
        self
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's content type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file has no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl<V: Copy> Check<V> for FilePart {
    /// Refuses a file with no name, a name with a control character, and a content type
    /// that is not `type/subtype` (with optional parameters) of characters a header may
    /// carry. An empty file is allowed.
    fn check(&self, path: &FieldPath<'_>, _version: Option<V>) -> Result<(), BuildError> {
        if self.file_name.is_empty() {
            return Err(BuildError::invalid(path, "is a file without a name"));
        }
        if self.file_name.chars().any(char::is_control) {
            return Err(BuildError::invalid(path, "has a file name with a control character"));
        }
        if !is_valid_content_type(&self.content_type) {
            return Err(BuildError::invalid(
                path,
                "has a content type that is not `type/subtype` (with optional `; name=value` parameters)",
            ));
        }
        Ok(())
    }
}

/// The content type of a file named `file_name`, by its extension.
fn guess_content_type(file_name: &str) -> &'static str {
    let Some((_, extension)) = file_name.rsplit_once('.') else { return OCTET_STREAM };
    CONTENT_TYPES
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(extension))
        .map_or(OCTET_STREAM, |(_, content_type)| content_type)
}

/// Whether `byte` may appear in an HTTP token (RFC 9110's `tchar`).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(is_token_byte)
}

/// Whether `content_type` is `type/subtype` of tokens, then optionally `;` and parameters
/// of visible ASCII, spaces and tabs.
fn is_valid_content_type(content_type: &str) -> bool {
    let (media_type, parameters) = content_type.split_once(';').unwrap_or((content_type, ""));
    let header_safe = parameters.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
    match media_type.trim_matches([' ', '\t']).split_once('/') {
        Some((kind, subtype)) => is_token(kind) && is_token(subtype) && header_safe,
        None => false,
    }
}

/// A `multipart/form-data` body being built: text fields and files, in order.
#[derive(Debug, Default)]
pub struct MultipartForm {
    parts: Vec<Part>,
}

/// One part of a form being built.
#[derive(Debug)]
struct Part {
    name: String,
    content: PartContent,
}

#[derive(Debug)]
enum PartContent {
    Text(String),
    File(FilePart),
}

impl PartContent {
    fn bytes(&self) -> &[u8] {
        match self {
            PartContent::Text(text) => text.as_bytes(),
            PartContent::File(file) => file.bytes(),
        }
    }
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        MultipartForm::default()
    }

    /// Adds a text field `name` with `value`.
    pub fn text(&mut self, name: &str, value: impl fmt::Display) {
        self.parts.push(Part { name: name.to_owned(), content: PartContent::Text(value.to_string()) });
    }

    /// Adds `file` as field `name`.
    pub fn file(&mut self, name: &str, file: &FilePart) {
        self.parts.push(Part { name: name.to_owned(), content: PartContent::File(file.clone()) });
    }

    /// Adds each of `files` as a part named `name`, in order.
    pub fn files(&mut self, name: &str, files: &[FilePart]) {
        for file in files {
            self.file(name, file);
        }
    }

    /// The `Content-Type` header value (`multipart/form-data; boundary=…`) and the body.
    ///
    /// Lines end in CRLF. In names and file names, `"`, CR and LF are written `%22`, `%0D`
    /// and `%0A`, as browsers do, so no name can end its header. A file whose content type
    /// is not one [`FilePart`]'s check accepts goes out as `application/octet-stream`. The
    /// boundary depends only on the form, so the same form always gives the same bytes,
    /// and it occurs in no part.
    pub fn finish(self) -> (String, Vec<u8>) {
        let heads: Vec<String> = self.parts.iter().map(Part::head).collect();
        let boundary = self.boundary(&heads);
        let size = heads.len() * (boundary.len() + 8)
            + heads.iter().map(String::len).sum::<usize>()
            + self.parts.iter().map(|part| part.content.bytes().len()).sum::<usize>()
            + boundary.len()
            + 8;
        let mut body = Vec::with_capacity(size);
        for (part, head) in self.parts.iter().zip(&heads) {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(head.as_bytes());
            body.extend_from_slice(part.content.bytes());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), body)
    }

    /// The first boundary of the form's sequence that occurs in no part (head or content).
    fn boundary(&self, heads: &[String]) -> String {
        let seed = self
            .parts
            .iter()
            .zip(heads)
            .fold(FNV_OFFSET, |hash, (part, head)| fnv(fnv(hash, head.as_bytes()), part.content.bytes()));
        let chunks: Vec<&[u8]> =
            self.parts.iter().zip(heads).flat_map(|(part, head)| [head.as_bytes(), part.content.bytes()]).collect();
        free_boundary(seed, &chunks)
    }
}

/// Boundary number `attempt` of the sequence that starts at `seed`.
fn candidate(seed: u64, attempt: u64) -> String {
    format!("zoho-crm-form-{:016x}", mix(seed.wrapping_add(attempt)))
}

/// The first boundary of `seed`'s sequence that occurs in none of `chunks`. The
/// candidates have one length and differ from each other, so each position of a chunk
/// starts at most one of them: `n` bytes rule out at most `n` candidates and the search
/// ends, each chunk searched once per candidate.
fn free_boundary(seed: u64, chunks: &[&[u8]]) -> String {
    let mut attempt: u64 = 0;
    loop {
        let boundary = candidate(seed, attempt);
        if !chunks.iter().any(|chunk| contains(chunk, boundary.as_bytes())) {
            return boundary;
        }
        attempt = attempt.wrapping_add(1);
    }
}

impl Part {
    /// The part's header lines and the blank line after them.
    fn head(&self) -> String {
        let mut head = String::from("Content-Disposition: form-data; name=\"");
        escape_into(&mut head, &self.name);
        head.push('"');
        if let PartContent::File(file) = &self.content {
            head.push_str("; filename=\"");
            escape_into(&mut head, file.file_name());
            head.push_str("\"\r\nContent-Type: ");
            let content_type = file.content_type();
            head.push_str(if is_valid_content_type(content_type) { content_type } else { OCTET_STREAM });
        }
        head.push_str("\r\n\r\n");
        head
    }
}

/// Appends `text` with `"`, CR and LF as `%22`, `%0D` and `%0A`.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

/// The inverse of [`escape_into`]: `%22`, `%0D` and `%0A` (either case) become `"`, CR
/// and LF; everything else stays as it is.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or("");
        let decoded = match escape.to_ascii_uppercase().as_str() {
            "%22" => Some('"'),
            "%0D" => Some('\r'),
            "%0A" => Some('\n'),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64's finaliser: spreads a counter over all 64 bits, one to one.
fn mix(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// Where `needle` (not empty) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack.get(at..at + needle.len())? == needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// The most parts [`parse_multipart`] reads.
const MAX_PARTS: usize = 1000;

/// A part of a `multipart/form-data` body as [`parse_multipart`] read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedPart {
    /// The field's name, with `%22`, `%0D` and `%0A` decoded.
    pub name: String,
    /// The file name, if the part is a file, with `%22`, `%0D` and `%0A` decoded.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// The part's content.
    pub bytes: Vec<u8>,
}

/// Why a body is not a `multipart/form-data` body [`parse_multipart`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MultipartError {
    /// The content type is not `multipart/form-data`.
    NotFormData,
    /// The content type has no `boundary` parameter.
    NoBoundary,
    /// The boundary is empty, longer than 70 characters, or badly quoted.
    BadBoundary,
    /// The body does not start with the boundary delimiter.
    NoFirstDelimiter,
    /// A delimiter is followed by something other than a line end or `--`.
    BadDelimiterLine {
        /// The number of parts read before it.
        after_parts: usize,
    },
    /// The body ends before the final delimiter (`--boundary--`).
    MissingFinalDelimiter,
    /// A part's headers do not end with an empty line (CRLF CRLF).
    UnterminatedHeaders {
        /// The part's index, from 0.
        part: usize,
    },
    /// A part's header line is not `Name: value` in UTF-8, or a header comes twice.
    MalformedHeader {
        /// The part's index, from 0.
        part: usize,
    },
    /// A part has no `Content-Disposition: form-data` header, or it cannot be read.
    BadContentDisposition {
        /// The part's index, from 0.
        part: usize,
    },
    /// A part's `Content-Disposition` has no `name`.
    MissingName {
        /// The part's index, from 0.
        part: usize,
    },
    /// The body has more parts than the reader takes.
    TooManyParts {
        /// The most parts read.
        limit: usize,
    },
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MultipartError::NotFormData => f.write_str("the content type is not multipart/form-data"),
            MultipartError::NoBoundary => f.write_str("the content type has no boundary parameter"),
            MultipartError::BadBoundary => {
                f.write_str("the boundary is empty, longer than 70 characters or badly quoted")
            }
            MultipartError::NoFirstDelimiter => f.write_str("the body does not start with the boundary delimiter"),
            MultipartError::BadDelimiterLine { after_parts } => {
                write!(f, "the delimiter after part {after_parts} is followed by neither a line end nor `--`")
            }
            MultipartError::MissingFinalDelimiter => f.write_str("the body ends before the final boundary delimiter"),
            MultipartError::UnterminatedHeaders { part } => {
                write!(f, "the headers of part {part} do not end with an empty line")
            }
            MultipartError::MalformedHeader { part } => {
                write!(f, "part {part} has a header that is not `Name: value` in UTF-8, or a repeated header")
            }
            MultipartError::BadContentDisposition { part } => {
                write!(f, "part {part} has no readable `Content-Disposition: form-data` header")
            }
            MultipartError::MissingName { part } => write!(f, "part {part} has no name"),
            MultipartError::TooManyParts { limit } => write!(f, "the body has more than {limit} parts"),
        }
    }
}

impl std::error::Error for MultipartError {}

/// Reads a `multipart/form-data` body whose `Content-Type` header is `content_type`: for
/// test servers that receive uploads.
///
/// The boundary is read from the content type, quoted or not. The body must start with
/// the first delimiter and end with the final one (an epilogue after it is ignored). Each
/// part needs a `Content-Disposition: form-data` header with a `name`; its `filename` and
/// `Content-Type` are kept when present, other headers are ignored. At most 1,000 parts
/// are read. Anything else is a [`MultipartError`].
pub fn parse_multipart(content_type: &str, body: &[u8]) -> Result<Vec<ReceivedPart>, MultipartError> {
    let boundary = boundary_of(content_type)?;
    let mut delimiter = Vec::with_capacity(boundary.len() + 4);
    delimiter.extend_from_slice(b"\r\n--");
    delimiter.extend_from_slice(boundary.as_bytes());
    let first = &delimiter[2..];
    let mut rest = body.strip_prefix(first).ok_or(MultipartError::NoFirstDelimiter)?;
    let mut parts = Vec::new();
    loop {
        // After a delimiter: `--` ends the body, otherwise (after optional transport
        // padding) a line end starts the next part.
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let padding = rest.iter().take_while(|&&byte| byte == b' ' || byte == b'\t').count();
        rest = rest
            .get(padding..)
            .and_then(|after| after.strip_prefix(b"\r\n"))
            .ok_or(MultipartError::BadDelimiterLine { after_parts: parts.len() })?;
        if parts.len() == MAX_PARTS {
            return Err(MultipartError::TooManyParts { limit: MAX_PARTS });
        }
        let end = find(rest, &delimiter).ok_or(MultipartError::MissingFinalDelimiter)?;
        let (raw, after) = rest.split_at(end);
        parts.push(read_part(raw, parts.len())?);
        rest = after.get(delimiter.len()..).unwrap_or_default();
    }
}

/// The boundary parameter of a `multipart/form-data` content type.
fn boundary_of(content_type: &str) -> Result<String, MultipartError> {
    let (media_type, mut parameters) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media_type.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::NotFormData);
    }
    let mut boundary = None;
    while let Some((name, value, after)) = next_parameter(parameters).map_err(|()| MultipartError::BadBoundary)? {
        if name.eq_ignore_ascii_case("boundary") {
            boundary = Some(value);
        }
        parameters = after;
    }
    let boundary = boundary.ok_or(MultipartError::NoBoundary)?;
    if boundary.is_empty() || boundary.len() > 70 {
        return Err(MultipartError::BadBoundary);
    }
    Ok(boundary)
}

/// The first `name=value` parameter of `text` (which starts after the previous parameter
/// or the media type, at a `;` or at the end), and the text after it; `None` at the end.
/// A quoted value may contain `;` and backslash escapes; `Err` for an unclosed quote or a
/// parameter without `=`.
fn next_parameter(text: &str) -> Result<Option<(String, String, &str)>, ()> {
    let text = text.trim_start_matches([' ', '\t', ';']);
    if text.is_empty() {
        return Ok(None);
    }
    let (name, after_name) = text.split_once('=').ok_or(())?;
    let name = name.trim().to_owned();
    let after_name = after_name.trim_start_matches([' ', '\t']);
    if let Some(quoted) = after_name.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => return Ok(Some((name, value, &quoted[at + 1..]))),
                '\\' => value.push(chars.next().ok_or(())?.1),
                c => value.push(c),
            }
        }
        Err(())
    } else {
        let end = after_name.find(';').unwrap_or(after_name.len());
        Ok(Some((name, after_name[..end].trim().to_owned(), &after_name[end..])))
    }
}

/// One part (its headers, the empty line and its content) read; `index` counts from 0.
fn read_part(raw: &[u8], index: usize) -> Result<ReceivedPart, MultipartError> {
    let (head, bytes) = if let Some(content) = raw.strip_prefix(b"\r\n") {
        (&[][..], content)
    } else {
        let end = find(raw, b"\r\n\r\n").ok_or(MultipartError::UnterminatedHeaders { part: index })?;
        (&raw[..end], &raw[end + 4..])
    };
    let head = std::str::from_utf8(head).map_err(|_| MultipartError::MalformedHeader { part: index })?;
    let mut disposition = None;
    let mut content_type = None;
    for line in head.split("\r\n").filter(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(MultipartError::MalformedHeader { part: index })?;
        if !is_token(name) || value.contains(['\r', '\n']) {
            return Err(MultipartError::MalformedHeader { part: index });
        }
        let slot = if name.eq_ignore_ascii_case("content-disposition") {
            &mut disposition
        } else if name.eq_ignore_ascii_case("content-type") {
            &mut content_type
        } else {
            continue;
        };
        if slot.replace(value.trim_matches([' ', '\t']).to_owned()).is_some() {
            return Err(MultipartError::MalformedHeader { part: index });
        }
    }
    let disposition = disposition.ok_or(MultipartError::BadContentDisposition { part: index })?;
    let (kind, mut parameters) = disposition.split_once(';').unwrap_or((&disposition, ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(MultipartError::BadContentDisposition { part: index });
    }
    let mut name = None;
    let mut file_name = None;
    while let Some((key, value, after)) =
        next_disposition_parameter(parameters).map_err(|()| MultipartError::BadContentDisposition { part: index })?
    {
        if key.eq_ignore_ascii_case("name") {
            name = Some(unescape(value));
        } else if key.eq_ignore_ascii_case("filename") {
            file_name = Some(unescape(value));
        }
        parameters = after;
    }
    let name = name.ok_or(MultipartError::MissingName { part: index })?;
    Ok(ReceivedPart { name, file_name, content_type, bytes: bytes.to_vec() })
}

/// The first `key="value"` (or `key=value`) parameter of a `Content-Disposition`, and the
/// text after it. Quoted values are read up to the next `"`, with no backslash escapes, as
/// browsers write them (a `"` inside is `%22`).
fn next_disposition_parameter(text: &str) -> Result<Option<(&str, &str, &str)>, ()> {
    let text = text.trim_start_matches([' ', '\t', ';']);
    if text.is_empty() {
        return Ok(None);
    }
    let (key, after_key) = text.split_once('=').ok_or(())?;
    let after_key = after_key.trim_start_matches([' ', '\t']);
    if let Some(quoted) = after_key.strip_prefix('"') {
        let (value, after) = quoted.split_once('"').ok_or(())?;
        Ok(Some((key.trim(), value, after)))
    } else {
        let end = after_key.find(';').unwrap_or(after_key.len());
        Ok(Some((key.trim(), after_key[..end].trim(), &after_key[end..])))
    }
}

#[cfg(test)]
mod tests;
