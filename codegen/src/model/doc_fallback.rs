//! Documentation for what a spec leaves undocumented.
//!
//! A spec written by hand documents everything; an imported one (`import-oas`) often
//! documents nothing. Generated code must still pass `missing_docs`, so after the model is
//! resolved, every empty `doc` gets a sentence derived from what the model knows of the
//! item: its name, its wire name, its type, and where it is used (the field `Note_Title`
//! of model `Note` becomes "The `Note_Title` key of `Note`: text."). Text the spec gives is never
//! replaced, so a fully documented spec generates the same code with or without this pass.
//!
//! Derived text is escaped as spec text is ([`doc_text`](super::doc_text)): names go in code
//! spans that no backtick of theirs can close, and nothing becomes a link.

use std::collections::BTreeMap;

use super::{Answer, AnswerBody, Api, Field, Location, Ty};

/// How many users of a model or enum a derived doc names before it says "and N more".
const MOST_NAMED: usize = 3;

/// Fills every empty documentation text of `api` with a derived one.
pub fn fill(api: &mut Api) {
    let uses = Uses::of(api);
    if api.doc.is_empty() {
        api.doc = format!("The {} API of Zoho CRM.", super::doc_text::escape(&one_line(&api.name)));
    }
    // Versions are documented by their name where they are emitted (`v2.1`.).
    for operation_type in &mut api.operation_types {
        fill_with(&mut operation_type.doc, || "An operation type of OAuth scopes.".to_owned());
    }
    if let Some(custom) = api.modules.as_mut().and_then(|modules| modules.custom.as_mut()) {
        fill_with(&mut custom.doc, || "Custom modules, by their API name.".to_owned());
    }
    for environment in &mut api.environments {
        fill_with(&mut environment.named.doc, || format!("The {} environment.", code(&environment.named.wire)));
    }
    for id in &mut api.ids {
        fill_with(&mut id.doc, || id_doc(&id.rust));
    }
    for item in &mut api.enums {
        let used_in = uses.fields.get(&item.rust).map(Vec::as_slice).unwrap_or_default();
        fill_with(&mut item.doc, || enum_doc(&item.rust, used_in));
        for value in &mut item.values {
            fill_with(&mut value.named.doc, || format!("The value {}.", code(&value.named.wire)));
        }
    }
    for model in &mut api.models {
        fill_with(&mut model.doc, || model_doc(&model.rust, &uses));
        let owner = model.rust.clone();
        for field in &mut model.fields {
            if field.doc.is_empty() {
                field.doc = field_doc(field, &owner);
            }
        }
    }
    for kind in &mut api.errors.kinds {
        if kind.doc.is_empty() {
            kind.doc = kind_doc(&kind.rust, &kind.codes);
        }
        if kind.description.is_empty() {
            kind.description = kind_description(&kind.rust, &kind.codes);
        }
    }
    for operation in &mut api.operations {
        fill_with(&mut operation.doc, || format!("{}.", capitalised(&words(&operation.name))));
        for param in &mut operation.params {
            fill_with(&mut param.doc, || {
                let place = match param.location {
                    Location::Path => format!("The {} segment of the path", code(&format!("{{{}}}", param.wire))),
                    Location::Query => format!("The {} query parameter", code(&param.wire)),
                    Location::Header => format!("The {} header", code(&param.wire)),
                    Location::Url => format!("The URL to call ({}, as an earlier answer gave it)", code(&param.wire)),
                    Location::Part => format!("The {} part of the multipart body", code(&param.wire)),
                };
                format!("{place}: {}.", describe(&param.ty))
            });
        }
    }
}

fn fill_with(doc: &mut String, derive: impl FnOnce() -> String) {
    if doc.is_empty() {
        *doc = derive();
    }
}

/// Where each model and enum is used: which operations answer with or take a model, and
/// which fields hold a model or an enum.
#[derive(Default)]
struct Uses {
    /// Model → operations that answer with it.
    answers: BTreeMap<String, Vec<String>>,
    /// Model → operations whose body it is.
    bodies: BTreeMap<String, Vec<String>>,
    /// Model or enum → `Model.field`s and `operation(param)`s that hold it.
    fields: BTreeMap<String, Vec<String>>,
}

impl Uses {
    fn of(api: &Api) -> Uses {
        let mut uses = Uses::default();
        for model in &api.models {
            for field in &model.fields {
                let versioned = field.by_version.iter().map(|versioned| &versioned.ty);
                for name in std::iter::once(&field.ty).chain(versioned).filter_map(named_type) {
                    push_once(
                        uses.fields.entry(name.to_owned()).or_default(),
                        format!("{}.{}", model.rust, field.wire),
                    );
                }
            }
        }
        for operation in &api.operations {
            for Answer { body, .. } in &operation.answers {
                if let AnswerBody::Model(model) = body {
                    push_once(uses.answers.entry(model.clone()).or_default(), operation.name.clone());
                }
            }
            if let Some(body) = &operation.body {
                push_once(uses.bodies.entry(body.clone()).or_default(), operation.name.clone());
            }
            for param in &operation.params {
                if let Some(name) = named_type(&param.ty) {
                    push_once(
                        uses.fields.entry(name.to_owned()).or_default(),
                        format!("{}({})", operation.name, param.wire),
                    );
                }
            }
        }
        uses
    }
}

fn push_once(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The model or enum a type is made of, if any.
fn named_type(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Enum(name) | Ty::Model(name) => Some(name),
        Ty::List(inner) | Ty::Outcome(inner) => named_type(inner),
        _ => None,
    }
}

/// "The `Note` object: the answer of `get_notes`; the body of `create_notes`; in
/// `Wrapper.data`."
fn model_doc(rust: &str, uses: &Uses) -> String {
    let mut parts = Vec::new();
    if let Some(operations) = uses.answers.get(rust) {
        parts.push(format!("the answer of {}", listed(operations)));
    }
    if let Some(operations) = uses.bodies.get(rust) {
        parts.push(format!("the body of {}", listed(operations)));
    }
    if let Some(fields) = uses.fields.get(rust) {
        parts.push(format!("in {}", listed(fields)));
    }
    let name = format!("The {} object", code(rust));
    if parts.is_empty() { format!("{name}.") } else { format!("{name}: {}.", parts.join("; ")) }
}

/// "The `Status` values: of `Note.state`."
fn enum_doc(rust: &str, used_in: &[String]) -> String {
    let name = format!("The {} values", code(rust));
    if used_in.is_empty() { format!("{name}.") } else { format!("{name}: of {}.", listed(used_in)) }
}

/// "The ID of a note." for `NoteId`; "A `Key` ID." otherwise.
fn id_doc(rust: &str) -> String {
    let stem = rust.strip_suffix("Id").or_else(|| rust.strip_suffix("ID")).filter(|stem| !stem.is_empty());
    match stem {
        Some(stem) => format!("The ID of {}.", with_article(&words(stem))),
        None => format!("{} ID.", capitalised(&with_article(&code(rust)))),
    }
}

/// "The `Note_Title` key of `Note`: text."
fn field_doc(field: &Field, owner: &str) -> String {
    format!("The {} key of {}: {}.", code(&field.wire), code(owner), describe(&field.ty))
}

/// "The error `INVALID_DATA`." or, for a kind no row names, its name in words.
fn kind_doc(rust: &str, codes: &[String]) -> String {
    match codes {
        [] => format!("{}.", capitalised(&words(rust))),
        [code_] => format!("The error {}.", code(code_)),
        codes => format!("The errors {}.", listed(codes)),
    }
}

/// What `ErrorKind::description` says of a kind the spec does not describe: plain text.
fn kind_description(rust: &str, codes: &[String]) -> String {
    match codes {
        [] => capitalised(&words(rust)),
        codes => format!("{} ({})", capitalised(&words(rust)), codes.join(", ")),
    }
}

/// What a value of the type is, as the end of a sentence (e.g. "a list, each item an
/// `Attachment`").
pub fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "true or false".to_owned(),
        Ty::String => "text".to_owned(),
        Ty::Integer => "an integer".to_owned(),
        Ty::Number => "a number".to_owned(),
        Ty::DateTime => "a date and time".to_owned(),
        Ty::Json => "any JSON value".to_owned(),
        Ty::Module => "a module".to_owned(),
        Ty::File => "a file (its bytes, name and content type)".to_owned(),
        Ty::Id(name) | Ty::Enum(name) | Ty::Model(name) => with_article(&code(name)),
        Ty::List(inner) => format!("a list, each item {}", describe(inner)),
        Ty::Outcome(inner) => format!("a result per item, each a success ({}) or an error", describe(inner)),
    }
}

/// Up to [`MOST_NAMED`] names in code spans, then how many more.
fn listed(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(MOST_NAMED).map(|name| code(name)).collect();
    if names.len() > MOST_NAMED {
        shown.push(format!("{} more", names.len() - MOST_NAMED));
    }
    match shown.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A name as words: `ResponseWrapper` → `response wrapper`, `get_notes` → `get notes`.
/// Only ASCII letters and digits are kept, so the words need no escaping.
pub fn words(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            previous = None;
            continue;
        }
        let starts_word =
            previous.is_some_and(|p| (p.is_ascii_lowercase() || p.is_ascii_digit()) && c.is_ascii_uppercase());
        if starts_word && !out.ends_with(' ') {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    let out = out.trim_end().to_owned();
    if out.is_empty() { "item".to_owned() } else { out }
}

/// `a note`, `an owner`, `an `Info`` (by the first letter of the text or the code span).
fn with_article(text: &str) -> String {
    let first = text.trim_start_matches('`').trim_start().chars().next().unwrap_or('x');
    let article = if matches!(first.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o') { "an" } else { "a" };
    format!("{article} {text}")
}

/// `text` with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text on one line: line breaks and other control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A Markdown code span of `text` that shows it as it is: delimited by more backticks than
/// it holds in a row, with spaces inside when it starts or ends with a backtick.
pub fn code(text: &str) -> String {
    let text = one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::{code, describe, id_doc, kind_doc, listed, words};
    use crate::model::Ty;

    #[test]
    fn names_become_words() {
        assert_eq!(words("ResponseWrapper"), "response wrapper");
        assert_eq!(words("get_notes"), "get notes");
        assert_eq!(words("ParentId2"), "parent id2");
        assert_eq!(words("__"), "item");
        assert_eq!(words("HTTPStatus"), "httpstatus");
    }

    #[test]
    fn code_spans_cannot_be_closed_early() {
        assert_eq!(code("Note_Title"), "`Note_Title`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn derived_sentences() {
        assert_eq!(id_doc("NoteId"), "The ID of a note.");
        assert_eq!(id_doc("Id"), "An `Id` ID.");
        assert_eq!(kind_doc("InvalidData", &[]), "Invalid data.");
        assert_eq!(kind_doc("X", &["A".to_owned(), "B".to_owned()]), "The errors `A` and `B`.");
        assert_eq!(
            describe(&Ty::List(Box::new(Ty::Model("Attachment".to_owned())))),
            "a list, each item an `Attachment`"
        );
        let many: Vec<String> = (1..=5).map(|n| format!("op{n}")).collect();
        assert_eq!(listed(&many), "`op1`, `op2`, `op3` and 2 more");
    }
}
