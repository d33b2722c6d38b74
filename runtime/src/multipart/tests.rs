use super::*;
use crate::BuildErrorKind;

/// What a reader found in one part: name, file name, content type, bytes.
type Read = (String, Option<String>, Option<String>, Vec<u8>);

fn check(file: &FilePart) -> Result<(), BuildError> {
    Check::<()>::check(file, &FieldPath::ROOT.field("file"), None)
}

/// The escaped form of a name, as the header carries it (and as multer reports it: it
/// does not decode the escapes).
fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, text);
    out
}

/// A form of `parts` (name, file or text) and what a reader should find in it.
fn form_of(parts: &[(String, Result<FilePart, String>)]) -> MultipartForm {
    let mut form = MultipartForm::new();
    for (name, content) in parts {
        match content {
            Ok(file) => form.file(name, file),
            Err(text) => form.text(name, text),
        }
    }
    form
}

fn expected(parts: &[(String, Result<FilePart, String>)], escape: bool) -> Vec<Read> {
    let name = |text: &str| if escape { escaped(text) } else { text.to_owned() };
    parts
        .iter()
        .map(|(field, content)| match content {
            Ok(file) => {
                (name(field), Some(name(file.file_name())), Some(file.content_type().to_owned()), file.bytes().to_vec())
            }
            Err(text) => (name(field), None, None, text.as_bytes().to_vec()),
        })
        .collect()
}

fn parsed(content_type: &str, body: &[u8]) -> Vec<Read> {
    parse_multipart(content_type, body)
        .unwrap()
        .into_iter()
        .map(|part| (part.name, part.file_name, part.content_type, part.bytes))
        .collect()
}

/// The parts multer, an independent parser, reads from the form's header and body.
async fn read_with_multer(content_type: &str, body: Vec<u8>) -> Vec<Read> {
    let boundary = multer::parse_boundary(content_type).unwrap();
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.unwrap().to_vec();
        parts.push((name, file_name, content_type, bytes));
    }
    parts
}

/// Hostile names, file names and contents: quotes, line ends, non-ASCII, and contents
/// with delimiters and the text boundaries start with.
fn hostile_parts() -> Vec<(String, Result<FilePart, String>)> {
    let binary: Vec<u8> = (0..=255u8).chain(*b"\r\n--\r\n--zoho-crm-form-\r\n\r\n--").collect();
    vec![
        ("plain".to_owned(), Err("value".to_owned())),
        ("quo\"te".to_owned(), Err("a \"quoted\" value\r\n--".to_owned())),
        ("line\r\nContent-Type: evil/x".to_owned(), Ok(FilePart::new("a\"b\r\n.csv", "x,y\r\n1,2\r\n"))),
        ("naïve 日本".to_owned(), Ok(FilePart::new("résumé 日本.pdf", binary))),
        ("empty".to_owned(), Ok(FilePart::new("empty.txt", Vec::new()))),
        ("files".to_owned(), Ok(FilePart::new("one.bin", b"--zoho-crm-form-0000000000000000--\r\n".to_vec()))),
        ("files".to_owned(), Ok(FilePart::new("two.PNG", b"\r\n\r\n".to_vec()))),
        (String::new(), Err(String::new())),
    ]
}

#[test]
fn content_types_are_guessed_from_the_extension() {
    for (name, content_type) in [
        ("a.png", "image/png"),
        ("A.JPG", "image/jpeg"),
        ("photo.jpeg", "image/jpeg"),
        ("x.Pdf", "application/pdf"),
        ("data.csv", "text/csv"),
        ("bulk.zip", "application/zip"),
        ("sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("scan.tif", "image/tiff"),
        ("notes.txt", "text/plain"),
        ("archive.tar.gz", "application/octet-stream"),
        ("README", "application/octet-stream"),
        ("trailing.", "application/octet-stream"),
    ] {
        assert_eq!(FilePart::new(name, Vec::new()).content_type(), content_type, "{name}");
    }
    let file = FilePart::new("a.bin", vec![1, 2, 3]).with_content_type("text/csv; charset=utf-8");
    assert_eq!(file.content_type(), "text/csv; charset=utf-8");
    assert_eq!((file.file_name(), file.bytes(), file.len(), file.is_empty()), ("a.bin", &[1, 2, 3][..], 3, false));
    assert!(FilePart::new("e", Vec::new()).is_empty());
}

#[test]
fn debug_shows_the_length_but_not_the_bytes() {
    let file = FilePart::new("secret.txt", b"top secret content".to_vec());
    let shown = format!("{file:?}");
    assert!(shown.contains("secret.txt") && shown.contains("text/plain") && shown.contains("18"), "{shown}");
    assert!(!shown.contains("top secret"), "{shown}");
    assert_eq!(file.clone(), file);
    assert!(std::ptr::eq(file.clone().bytes(), file.bytes()), "a clone shares the bytes");
}

#[test]
fn files_are_checked() {
    assert_eq!(check(&FilePart::new("a.csv", Vec::new())), Ok(()));
    assert_eq!(check(&FilePart::new("a", vec![1]).with_content_type("text/csv; charset=\"utf-8\"")), Ok(()));
    assert_eq!(check(&FilePart::new("a", vec![1]).with_content_type("application/vnd.ms-excel")), Ok(()));
    // A tab may separate parameters in a header value.
    assert_eq!(check(&FilePart::new("a", vec![1]).with_content_type("text/csv;\tcharset=utf-8")), Ok(()));
    for bad in [
        FilePart::new("", vec![1]),
        FilePart::new("a\r\nb.csv", vec![1]),
        FilePart::new("a\0.csv", vec![1]),
        FilePart::new("a", vec![1]).with_content_type("text/csv\r\nX-Evil: 1"),
        FilePart::new("a", vec![1]).with_content_type(""),
        FilePart::new("a", vec![1]).with_content_type("csv"),
        FilePart::new("a", vec![1]).with_content_type("text/"),
        FilePart::new("a", vec![1]).with_content_type("/csv"),
        FilePart::new("a", vec![1]).with_content_type("te xt/csv"),
        FilePart::new("a", vec![1]).with_content_type("text/csv; charset=é"),
        FilePart::new("a", vec![1]).with_content_type("text/\"csv\""),
    ] {
        let err = check(&bad).unwrap_err();
        assert_eq!((err.kind(), err.field()), (BuildErrorKind::Invalid, "file"), "{bad:?}");
    }
}

#[test]
fn forms_are_written_as_rfc_7578_says() {
    let mut form = MultipartForm::new();
    form.text("name", 42);
    form.files("file", &[FilePart::new("a\"b\r\n.csv", b"x,y".to_vec())]);
    let (content_type, body) = form.finish();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    assert!(boundary.starts_with("zoho-crm-form-"), "{boundary}");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n42\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b%0D%0A.csv\"\r\n\
         Content-Type: text/csv\r\n\r\nx,y\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8(body).unwrap(), expected);
    let (_, empty) = MultipartForm::new().finish();
    assert!(empty.starts_with(b"--zoho-crm-form-") && empty.ends_with(b"--\r\n"));
}

#[test]
fn the_same_form_gives_the_same_bytes() {
    let (first_type, first_body) = form_of(&hostile_parts()).finish();
    let (second_type, second_body) = form_of(&hostile_parts()).finish();
    assert_eq!((first_type, first_body), (second_type, second_body));
}

#[test]
fn a_content_type_no_check_would_accept_goes_out_as_octet_stream() {
    let mut form = MultipartForm::new();
    form.file("f", &FilePart::new("a.csv", b"1".to_vec()).with_content_type("text/csv\r\nX-Evil: 1"));
    let (content_type, body) = form.finish();
    let parts = parsed(&content_type, &body);
    assert_eq!(parts[0].2.as_deref(), Some("application/octet-stream"));
    assert!(!String::from_utf8_lossy(&body).contains("X-Evil"));
}

#[test]
fn boundaries_in_use_are_skipped() {
    let first = candidate(7, 0);
    let second = candidate(7, 1);
    assert_ne!(first, second);
    assert_eq!(free_boundary(7, &[b"nothing"]), first);
    let both = format!("x{first}y{second}z");
    assert_eq!(free_boundary(7, &[b"a", both.as_bytes()]), candidate(7, 2));
    assert_eq!(free_boundary(7, &[first.as_bytes(), second.as_bytes()]), candidate(7, 2));
}

#[test]
fn the_boundary_is_in_no_part() {
    let (content_type, body) = form_of(&hostile_parts()).finish();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    // The boundary occurs only in the delimiters: once per part and once at the end.
    let mut count = 0;
    let mut rest = &body[..];
    while let Some(at) = find(rest, boundary.as_bytes()) {
        count += 1;
        rest = &rest[at + 1..];
    }
    assert_eq!(count, hostile_parts().len() + 1);
}

#[test]
fn forms_read_back_through_parse_multipart() {
    let parts = hostile_parts();
    let (content_type, body) = form_of(&parts).finish();
    assert_eq!(parsed(&content_type, &body), expected(&parts, false));
}

#[tokio::test]
async fn multer_reads_back_every_part() {
    let parts = hostile_parts();
    let (content_type, body) = form_of(&parts).finish();
    assert_eq!(read_with_multer(&content_type, body).await, expected(&parts, true));
}

/// Random parts for the property loops. Names and file names use no letters that could
/// spell `name`, `filename` or an escape (`%22`), and no backslash: multer finds
/// parameters by searching the header for their names and reads `\"` as an escape, so
/// such names would fool it rather than show a fault of the form.
fn random_parts(rng: &mut fastrand::Rng) -> Vec<(String, Result<FilePart, String>)> {
    const NAME_CHARS: &[char] = &['x', 'y', 'z', '"', '\r', '\n', 'é', '日', ';', ' ', '=', '%', '-', '\''];
    const PIECES: &[&[u8]] = &[b"\r\n", b"--", b"-", b"\r\n--", b"zoho-crm-form-", b"\r\n\r\n", b"\"", b"a"];
    const CONTENT_TYPES: &[&str] = &["text/plain", "application/octet-stream", "text/csv; charset=utf-8", "image/png"];
    let text = |rng: &mut fastrand::Rng| -> String {
        (0..rng.usize(0..8)).map(|_| NAME_CHARS[rng.usize(..NAME_CHARS.len())]).collect()
    };
    let content = |rng: &mut fastrand::Rng| -> Vec<u8> {
        let mut bytes = Vec::new();
        for _ in 0..rng.usize(0..12) {
            if rng.bool() {
                bytes.extend_from_slice(PIECES[rng.usize(..PIECES.len())]);
            } else {
                bytes.push(rng.u8(..));
            }
        }
        bytes
    };
    (0..rng.usize(1..6))
        .map(|_| {
            let name = text(rng);
            let part = if rng.bool() {
                let file = FilePart::new(text(rng), content(rng));
                Ok(file.with_content_type(CONTENT_TYPES[rng.usize(..CONTENT_TYPES.len())]))
            } else {
                Err(String::from_utf8_lossy(&content(rng)).into_owned())
            };
            (name, part)
        })
        .collect()
}

#[tokio::test]
async fn random_forms_read_back_through_both_readers() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_f0f0);
    for round in 0..300 {
        let parts = random_parts(&mut rng);
        let (content_type, body) = form_of(&parts).finish();
        assert_eq!(parsed(&content_type, &body), expected(&parts, false), "round {round}: {parts:?}");
        assert_eq!(read_with_multer(&content_type, body).await, expected(&parts, true), "round {round}: {parts:?}");
    }
}

#[test]
fn boundaries_are_read_from_the_content_type() {
    let body = b"--a b;c\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b;c--";
    let parts = parse_multipart("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b;c\"", body).unwrap();
    assert_eq!(parts, [ReceivedPart { name: "x".into(), file_name: None, content_type: None, bytes: b"1".to_vec() }]);
    assert_eq!(parse_multipart("multipart/form-data; boundary=B", b"--B--").unwrap(), []);
    for (content_type, error) in [
        ("text/plain; boundary=B", MultipartError::NotFormData),
        ("multipart/mixed; boundary=B", MultipartError::NotFormData),
        ("multipart/form-data", MultipartError::NoBoundary),
        ("multipart/form-data; charset=utf-8", MultipartError::NoBoundary),
        ("multipart/form-data; boundary=", MultipartError::BadBoundary),
        ("multipart/form-data; boundary=\"\"", MultipartError::BadBoundary),
        ("multipart/form-data; boundary=\"unclosed", MultipartError::BadBoundary),
        ("multipart/form-data; boundary", MultipartError::BadBoundary),
        ("", MultipartError::NotFormData),
    ] {
        assert_eq!(parse_multipart(content_type, b"--B--"), Err(error), "{content_type}");
    }
    let long = format!("multipart/form-data; boundary={}", "b".repeat(71));
    assert_eq!(parse_multipart(&long, b""), Err(MultipartError::BadBoundary));
}

#[test]
fn malformed_bodies_are_refused() {
    let content_type = "multipart/form-data; boundary=B";
    let part = "Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
    for (body, error) in [
        ("".to_owned(), MultipartError::NoFirstDelimiter),
        ("preamble\r\n--B--".to_owned(), MultipartError::NoFirstDelimiter),
        (format!("--B\r\n{part}"), MultipartError::MissingFinalDelimiter),
        (format!("--B\r\n{part}\r\n--B"), MultipartError::BadDelimiterLine { after_parts: 1 }),
        (format!("--Bx\r\n{part}\r\n--B--"), MultipartError::BadDelimiterLine { after_parts: 0 }),
        (
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue\r\n--B--".to_owned(),
            MultipartError::UnterminatedHeaders { part: 0 },
        ),
        ("--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--".to_owned(), MultipartError::MissingName { part: 0 }),
        (
            "--B\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nv\r\n--B--".to_owned(),
            MultipartError::MissingName { part: 0 },
        ),
        ("--B\r\n\r\nv\r\n--B--".to_owned(), MultipartError::BadContentDisposition { part: 0 }),
        (
            "--B\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--B--".to_owned(),
            MultipartError::BadContentDisposition { part: 0 },
        ),
        (
            "--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--B--".to_owned(),
            MultipartError::BadContentDisposition { part: 0 },
        ),
        ("--B\r\nno colon\r\n\r\nv\r\n--B--".to_owned(), MultipartError::MalformedHeader { part: 0 }),
        (
            format!("--B\r\n{part}\r\n--B\r\nContent-Type: a/b\r\nContent-Type: a/b\r\n{part}\r\n--B--"),
            MultipartError::MalformedHeader { part: 1 },
        ),
    ] {
        assert_eq!(parse_multipart(content_type, body.as_bytes()), Err(error.clone()), "{body:?}");
        assert!(!error.to_string().is_empty());
        let part = match error {
            MultipartError::UnterminatedHeaders { part }
            | MultipartError::MalformedHeader { part }
            | MultipartError::BadContentDisposition { part }
            | MultipartError::MissingName { part } => Some(part),
            _ => None,
        };
        if let Some(part) = part {
            assert!(error.to_string().contains(&format!("part {part}")), "the message names the part: {error}");
        }
    }
    let ok = format!("--B \t\r\nX-Other: 1\r\n{part}\r\n--B--\r\nepilogue");
    assert_eq!(parse_multipart(content_type, ok.as_bytes()).unwrap()[0].bytes, b"value");
}

#[test]
fn at_most_a_thousand_parts_are_read() {
    let form_with = |count: usize| {
        let mut form = MultipartForm::new();
        for index in 0..count {
            form.text("n", index);
        }
        form.finish()
    };
    let (content_type, body) = form_with(1000);
    assert_eq!(parse_multipart(&content_type, &body).unwrap().len(), 1000);
    let (content_type, body) = form_with(1001);
    assert_eq!(parse_multipart(&content_type, &body), Err(MultipartError::TooManyParts { limit: 1000 }));
}

#[test]
fn truncated_bodies_are_refused() {
    let (content_type, body) = form_of(&hostile_parts()).finish();
    // The final line end is optional; any shorter prefix lacks the final delimiter.
    for length in 0..body.len() - 2 {
        assert!(parse_multipart(&content_type, &body[..length]).is_err(), "length {length}");
    }
    assert!(parse_multipart(&content_type, &body[..body.len() - 2]).is_ok());
}

#[test]
fn random_and_mangled_bodies_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0xbad_b0d1);
    let (content_type, body) = form_of(&hostile_parts()).finish();
    for _ in 0..500 {
        let random: Vec<u8> = (0..rng.usize(0..200)).map(|_| rng.u8(..)).collect();
        assert!(parse_multipart(&content_type, &random).is_err());
        let mut mangled = body.clone();
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(..mangled.len());
            mangled[at] = rng.u8(..);
        }
        let _ = parse_multipart(&content_type, &mangled);
        let random_type: String = (0..rng.usize(0..40)).map(|_| char::from(rng.u8(0x20..0x7f))).collect();
        let _ = parse_multipart(&random_type, &body);
        let _ = parse_multipart(&format!("multipart/form-data; boundary={random_type}"), &random);
    }
}

#[test]
fn large_files_full_of_boundary_lookalikes_are_written_and_read_in_one_pass() {
    // 4 MiB of text that starts a would-be boundary at every few bytes.
    let content: Vec<u8> = b"\r\n--zoho-crm-form-".iter().copied().cycle().take(4 << 20).collect();
    let file = FilePart::new("big.bin", content);
    let mut form = MultipartForm::new();
    form.file("file", &file);
    let (content_type, body) = form.finish();
    let parts = parse_multipart(&content_type, &body).unwrap();
    assert_eq!(parts[0].bytes, file.bytes());
    // One pass: the lookalikes rule out no candidate, so the first one is taken.
    let seed = 0x5eed;
    assert_eq!(free_boundary(seed, &[file.bytes()]), candidate(seed, 0));
}
