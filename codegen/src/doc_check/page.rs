//! Reading a Zoho doc page, exported as plain text, into the facts it states, each with
//! the line it is on.
//!
//! Zoho's pages share one layout: headings on lines of their own ("Endpoints", "Request
//! URL", "Scope", "Parameters", "Input JSON", "Possible Errors", …), the fact on the lines
//! that follow, and sample code, inputs and answers after a "Copied" marker. Copies of the
//! pages differ in how they come out as text, and the reader takes each of these forms:
//!
//! - bullets as `•`, `-`, `*` or numbers (`1.`), indented or not;
//! - an error row's code run into its status and its message (`INVALID_DATAHTTP 400`,
//!   `INVALID_DATAHTTP 400The record ID …`), rows run together on one line
//!   (`… invalid. - INVALID_URL_PATTERNHTTP 404`), or a table row
//!   (`400 | INVALID_DATA | message | resolution`);
//! - a heading or a `Copied` marker run into the end of the line before it
//!   (`info response;Possible Errors`);
//! - `scope=…`, `scope = …` or the bare scope, with `(or)` and a second scope;
//! - "Possible values:", "Possible value:" or the page's own "Possibe value:", with the
//!   values on the same line or one a line below.
//!
//! A section that is present but yields nothing it should is a warning naming its line.

use serde_json::Value;

/// A fact and the 1-based line of the page it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The page line.
    pub line: usize,
    /// The fact.
    pub value: T,
}

impl<T> Located<T> {
    /// `value`, on page line `line`.
    pub fn at(line: usize, value: T) -> Self {
        Located { line, value }
    }
}

/// A parameter or input key as a page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageParam {
    /// Its name on the wire, e.g. `sharedTo` or `share_related_records`.
    pub name: String,
    /// The type the page gives, e.g. `string`.
    pub r#type: String,
    /// Whether the page says it is optional.
    pub optional: bool,
    /// The values the page lists under "Possible values", with their lines.
    pub values: Vec<Located<String>>,
}

/// A row of a page's "Possible Errors".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    /// The error code.
    pub code: String,
    /// The HTTP status.
    pub status: i64,
    /// The message.
    pub message: String,
    /// The resolution, its lines joined by spaces (empty when the page shows none).
    pub resolution: String,
}

/// A limit a page's notes state: at most `count` of `what` (`users`, `groups`, `roles`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageLimit {
    /// What is counted, as the spec's enum values name it (`users`, `groups`, `roles`).
    pub what: String,
    /// The most there may be.
    pub count: u64,
}

/// Everything a page states that a spec can hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The page's address, when its export starts with it.
    pub address: Option<String>,
    /// The request URL, e.g. `{api-domain}/crm/{version}/{module_api_name}/…`.
    pub request_url: Option<Located<String>>,
    /// The "Endpoints" lines: each method and path, e.g. `DELETE` and
    /// `/{module_API_name}/{record_ID}/actions/share`. A page may describe several.
    pub endpoints: Vec<Located<(String, String)>>,
    /// The HTTP method: the "Endpoints" line's, else the one the sample requests use.
    pub method: Option<Located<String>>,
    /// The supported modules by display name (`Custom` for custom modules).
    pub supported_modules: Vec<Located<String>>,
    /// The authorization header line, e.g. `Authorization: Zoho-oauthtoken d92d4…`.
    pub header: Option<Located<String>>,
    /// The scope template, e.g. `ZohoCRM.share.{module_name}.{operation_type}`.
    pub scope_template: Option<Located<String>>,
    /// Fixed scopes the page gives besides the template (`(or) ZohoCRM.share.all`).
    pub extra_scopes: Vec<Located<String>>,
    /// The module names scopes use (`custom` for custom modules).
    pub module_names: Vec<Located<String>>,
    /// The operation types scopes may name.
    pub operation_types: Vec<Located<String>>,
    /// The URLs the sample requests call.
    pub sample_urls: Vec<Located<String>>,
    /// The parameters.
    pub params: Vec<Located<PageParam>>,
    /// The keys of the request body ("Input JSON").
    pub input_keys: Vec<Located<PageParam>>,
    /// The sample request bodies ("Sample Input"): JSON, or why the text did not parse.
    pub inputs: Vec<Located<Result<Value, String>>>,
    /// The documented errors.
    pub errors: Vec<Located<PageError>>,
    /// The sample answers: JSON, or why the text did not parse.
    pub answers: Vec<Located<Result<Value, String>>>,
    /// The limits the notes state.
    pub limits: Vec<Located<PageLimit>>,
    /// Sections present on the page that yielded nothing they should.
    pub warnings: Vec<Located<String>>,
}

/// The sections of a page, named by their headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Endpoints,
    RequestUrl,
    SupportedModules,
    Header,
    Scope,
    ModuleNames,
    OperationTypes,
    Parameters,
    InputJson,
    SampleInput,
    Errors,
    SampleResponse,
    Notes,
    Other,
}

impl Section {
    /// What the section is called in a warning.
    fn title(self) -> &'static str {
        match self {
            Section::Endpoints => "Endpoints",
            Section::RequestUrl => "Request URL",
            Section::SupportedModules => "Supported modules",
            Section::Header => "Header",
            Section::Scope => "Scope",
            Section::ModuleNames => "Possible module names",
            Section::OperationTypes => "Possible operation types",
            Section::Parameters => "Parameters",
            Section::InputJson => "Input JSON",
            Section::SampleInput => "Sample Input",
            Section::Errors => "Possible Errors",
            Section::SampleResponse => "Sample Response",
            Section::Notes => "Note",
            Section::Other => "",
        }
    }
}

/// Headings that an export may run into the end of the line before them.
const RUN_IN_HEADINGS: &[&str] = &["Possible Errors", "Sample Response", "Sample Input", "Parameters"];

/// The section a heading line opens, or `None` if the line is not a heading.
fn heading(line: &str) -> Option<Section> {
    let text = line.trim();
    let lower = text.to_ascii_lowercase();
    let section = match lower.as_str() {
        "endpoints" | "endpoint" => Section::Endpoints,
        "request url" => Section::RequestUrl,
        "supported modules" => Section::SupportedModules,
        "header" | "headers" => Section::Header,
        "scope" | "scopes" => Section::Scope,
        "possible module names" => Section::ModuleNames,
        "possible operation types" => Section::OperationTypes,
        "parameters" | "query parameters" => Section::Parameters,
        "input json" | "input json keys" | "inputjson" | "inputjson keys" | "request json" | "request json keys"
        | "input json key" => Section::InputJson,
        // A key's own keys: "share Properties".
        text if text.ends_with(" properties") && text.split_whitespace().count() == 2 => Section::InputJson,
        "possible errors" => Section::Errors,
        "note" | "notes" => Section::Notes,
        "purpose" | "request details" | "response json" | "response json keys" | "response structure" => Section::Other,
        text if text.starts_with("sample input") => Section::SampleInput,
        text if text.starts_with("sample response") => Section::SampleResponse,
        text if text.starts_with("sample request") => Section::Other,
        _ => return None,
    };
    Some(section)
}

/// One line of the page as read: its 1-based number and its text.
type Line<'t> = (usize, &'t str);

/// The page's lines, with what an export ran together split apart again (each piece keeps
/// its line's number): a `Copied` marker or a heading at the end of a line, and error
/// rows run into one line.
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let mut pieces = vec![line];
        // `…"Copiedresponse = …`: the marker starts a new sample.
        if let Some(at) = line.find("Copied").filter(|&at| at > 0) {
            pieces = vec![&line[..at], &line[at..]];
        }
        let mut split = Vec::new();
        for piece in pieces {
            match RUN_IN_HEADINGS.iter().find(|heading| piece.ends_with(*heading) && piece.trim() != **heading) {
                Some(heading) => {
                    let at = piece.len() - heading.len();
                    split.push(&piece[..at]);
                    split.push(&piece[at..]);
                }
                None => split.extend(run_together_rows(piece)),
            }
        }
        lines.extend(split.into_iter().map(|piece| (number, piece)));
    }
    lines
}

/// A line split before each ` - CODEHTTP nnn` it runs together.
fn run_together_rows(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = line[search..].find(" - ") {
        let at = search + found;
        let rest = &line[at + 3..];
        if error_head(rest).is_some() && at > 0 {
            pieces.push(&line[start..at]);
            start = at + 1;
        }
        search = at + 3;
    }
    pieces.push(&line[start..]);
    pieces
}

/// Reads a page.
pub fn read_page(text: &str) -> Page {
    let lines = split_lines(text);
    let address = lines
        .iter()
        .map(|(_, line)| line.trim())
        .find(|line| !line.is_empty())
        .filter(|line| line.starts_with("https://") && !line.contains(' '))
        .map(str::to_owned);
    let mut page = Page { address, ..Page::default() };
    let mut section = Section::Other;
    let mut opened = (0, Section::Other, 0usize);
    let mut index = 0;
    while index < lines.len() {
        let (number, line) = lines[index];
        if let Some(next) = heading(line) {
            warn_if_empty(&mut page, opened);
            section = next;
            opened = (number, next, facts(&page, next));
            index += 1;
            continue;
        }
        let consumed = read_line(&mut page, section, &lines, index);
        index += consumed.max(1);
    }
    warn_if_empty(&mut page, opened);
    page
}

/// How many facts of the kind a section yields the page holds so far.
fn facts(page: &Page, section: Section) -> usize {
    match section {
        Section::Endpoints => page.endpoints.len(),
        Section::RequestUrl => usize::from(page.request_url.is_some()),
        Section::SupportedModules => page.supported_modules.len(),
        Section::Header => usize::from(page.header.is_some()),
        Section::Scope => usize::from(page.scope_template.is_some()) + page.extra_scopes.len(),
        Section::ModuleNames => page.module_names.len(),
        Section::OperationTypes => page.operation_types.len(),
        Section::Parameters => page.params.len(),
        Section::InputJson => page.input_keys.len(),
        Section::SampleInput => page.inputs.len(),
        Section::Errors => page.errors.len(),
        Section::SampleResponse => page.answers.len(),
        Section::Notes | Section::Other => 0,
    }
}

/// A warning when the section opened at `line` yielded none of its facts.
fn warn_if_empty(page: &mut Page, (line, section, before): (usize, Section, usize)) {
    if matches!(section, Section::Notes | Section::Other) || facts(page, section) > before {
        return;
    }
    let message = format!("the \"{}\" section yields nothing this reader understands", section.title());
    page.warnings.push(Located::at(line, message));
}

/// Reads the fact at `lines[index]` within `section`; returns how many lines it took.
fn read_line(page: &mut Page, section: Section, lines: &[Line<'_>], index: usize) -> usize {
    let (number, line) = lines[index];
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return 1;
    }
    match section {
        Section::Endpoints => {
            let text = bullet_text(line).unwrap_or(trimmed);
            if let Some((method, path)) = text.split_once(' ') {
                let method = method.trim();
                if !method.is_empty() && method.chars().all(|c| c.is_ascii_uppercase()) {
                    if page.endpoints.is_empty() {
                        page.method = Some(Located::at(number, method.to_owned()));
                    }
                    let path = path.trim();
                    let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
                    page.endpoints.push(Located::at(number, (method.to_owned(), path)));
                }
            }
        }
        Section::RequestUrl if page.request_url.is_none() => {
            page.request_url = Some(Located::at(number, trimmed.to_owned()))
        }
        Section::SupportedModules => page.supported_modules.extend(list_items(trimmed).map(|value| {
            let value = value.strip_suffix(" modules").or_else(|| value.strip_suffix(" module")).unwrap_or(&value);
            Located::at(number, value.to_owned())
        })),
        Section::Header if page.header.is_none() => page.header = Some(Located::at(number, trimmed.to_owned())),
        Section::Scope => {
            let scope = trimmed.strip_prefix("scope").map_or(trimmed, |rest| rest.trim_start());
            let scope = scope.strip_prefix('=').map_or(scope, str::trim);
            if scope == "(or)" || scope.is_empty() {
                return 1;
            }
            // The template is the scope with placeholders; any other is a fixed scope.
            if page.scope_template.is_none() && scope.contains('{') {
                page.scope_template = Some(Located::at(number, scope.to_owned()));
            } else {
                page.extra_scopes.push(Located::at(number, scope.to_owned()));
            }
        }
        Section::ModuleNames => page.module_names.extend(list_items(trimmed).map(|value| Located::at(number, value))),
        Section::OperationTypes => {
            let text = bullet_text(line).unwrap_or(trimmed);
            let name = text.split(" - ").next().unwrap_or(text).trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                page.operation_types.push(Located::at(number, name.to_owned()));
            }
        }
        Section::Parameters | Section::InputJson => {
            let (param, taken) = read_param(lines, index);
            if let Some(param) = param {
                let list = if section == Section::Parameters { &mut page.params } else { &mut page.input_keys };
                list.push(Located::at(number, param));
            }
            return taken;
        }
        Section::Errors => {
            let (error, taken) = read_error(lines, index);
            page.errors.extend(error.map(|value| Located::at(number, value)));
            return taken;
        }
        Section::SampleResponse | Section::SampleInput if trimmed.starts_with("Copied") || trimmed.starts_with('{') => {
            let (json, taken) = read_json(lines, index);
            let list = if section == Section::SampleInput { &mut page.inputs } else { &mut page.answers };
            list.push(Located::at(number, json));
            return taken;
        }
        Section::Notes => {
            page.limits.extend(limits(trimmed).into_iter().map(|limit| Located::at(number, limit)));
            read_sample_line(page, trimmed, number);
        }
        _ => read_sample_line(page, trimmed, number),
    }
    1
}

/// The limits a line of notes states: "shared only with 10 users, 5 groups, and 5 roles".
fn limits(line: &str) -> Vec<PageLimit> {
    let lower = line.to_ascii_lowercase();
    if !lower.contains("shared") || !(lower.contains(" only with ") || lower.contains("up to ")) {
        return Vec::new();
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut found = Vec::new();
    for pair in words.windows(2) {
        let what = match pair[1] {
            "user" | "users" => "users",
            "group" | "groups" => "groups",
            "role" | "roles" => "roles",
            _ => continue,
        };
        if let Ok(count) = pair[0].parse() {
            found.push(PageLimit { what: what.to_owned(), count });
        }
    }
    found
}

/// The method and URLs sample code shows, wherever it is.
fn read_sample_line(page: &mut Page, line: &str, number: usize) {
    let method = line.strip_prefix("-X ").or_else(|| line.strip_prefix("type: ")).map(str::trim);
    if let Some(method) = method.filter(|method| method.chars().all(|c| c.is_ascii_uppercase()) && !method.is_empty()) {
        if page.method.is_none() {
            page.method = Some(Located { line: number, value: method.to_owned() });
        }
    }
    for url in api_urls(line) {
        page.sample_urls.push(Located { line: number, value: url });
    }
}

/// The Zoho API URLs in a line of sample code: from `http` to the closing quote.
fn api_urls(line: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("http") {
        let candidate = &rest[start..];
        let end = candidate.find(['"', '\'', ' ', ')', ']']).unwrap_or(candidate.len());
        let url = &candidate[..end];
        // A URL with placeholders is a template, not a sample.
        let sample = !url.contains('{');
        if sample && url.contains("zohoapis") && (url.starts_with("https://") || url.starts_with("http://")) {
            urls.push(url.to_owned());
        }
        rest = candidate.get(end.max(4)..).unwrap_or_default();
    }
    urls
}

/// The text of a bullet line (`•`, `-`, `*` or `1.`), or `None` if the line is no bullet.
fn bullet_text(line: &str) -> Option<&str> {
    let text = line.trim_start();
    for marker in ["•", "- ", "* ", "– "] {
        if let Some(rest) = text.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < 3 {
        let rest = &text[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    if text == "•" || text == "-" || text == "*" { Some("") } else { None }
}

fn is_bullet(line: &str) -> bool {
    bullet_text(line).is_some()
}

/// The items of a prose list: `Leads, Accounts, and Custom.`
fn list_items(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim_end_matches('.')
        .split(',')
        .map(|item| item.trim())
        .map(|item| item.strip_prefix("and ").unwrap_or(item).trim())
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
}

/// The lines after `lines[index]` that belong to it, up to the next item (`is_item`) or
/// heading, and how many pieces from `index` the item takes in all.
fn item_body<'l>(lines: &[Line<'l>], index: usize, is_item: impl Fn(&str) -> bool) -> (Vec<Line<'l>>, usize) {
    let pieces: Vec<Line<'l>> = lines
        .iter()
        .skip(index + 1)
        .take_while(|(_, line)| !is_item(line) && heading(line).is_none())
        .copied()
        .collect();
    let taken = pieces.len() + 1;
    let body = pieces.into_iter().map(|(number, line)| (number, line.trim())).filter(|(_, line)| !line.is_empty());
    (body.collect(), taken)
}

/// The types a page runs into a parameter's name (`sharedTostring`), longest first.
const PARAM_TYPES: &[&str] = &[
    "JSON array",
    "JSON object",
    "JSONArray",
    "JSONObject",
    "json array",
    "json object",
    "array of objects",
    "boolean",
    "Boolean",
    "integer",
    "Integer",
    "string",
    "String",
    "number",
    "Number",
    "long",
    "Long",
    "array",
    "object",
];

/// A parameter head: `sharedTostring, optional`, `share (JSON array, mandatory)` or
/// `sharedTo | string | optional`.
fn param_head(text: &str) -> Option<(String, String, bool)> {
    let text = text.trim();
    let cells: Vec<&str> = text.split('|').map(str::trim).filter(|cell| !cell.is_empty()).collect();
    if cells.len() >= 3 {
        let name = cells[0].split_whitespace().next()?.to_owned();
        let optional = cells.iter().any(|cell| cell.to_ascii_lowercase().contains("optional"));
        return Some((name, cells[1].to_owned(), optional));
    }
    let (head, requirement) = text.split_once(',').unwrap_or((text, ""));
    let head = head.replace(['(', ')'], " ");
    let head = head.trim();
    let optional = requirement.trim().to_ascii_lowercase().starts_with("optional");
    if !requirement.trim().is_empty()
        && !requirement.trim().to_ascii_lowercase().starts_with("optional")
        && !requirement.trim().to_ascii_lowercase().starts_with("mandatory")
    {
        return None;
    }
    PARAM_TYPES.iter().find_map(|r#type| {
        let name = head.strip_suffix(r#type)?.trim();
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$')
            && !requirement.trim().is_empty();
        valid.then(|| (name.to_owned(), r#type.to_ascii_lowercase(), optional))
    })
}

/// Reads a parameter or input key (`sharedTostring, optional`, a bullet or not) and its
/// possible values; a line that is no parameter head takes one line and yields nothing.
fn read_param(lines: &[Line<'_>], index: usize) -> (Option<PageParam>, usize) {
    let (_, line) = lines[index];
    let text = bullet_text(line).unwrap_or(line.trim());
    let Some((name, r#type, optional)) = param_head(text) else {
        return (None, 1);
    };
    let is_item = |line: &str| param_head(bullet_text(line).unwrap_or(line.trim())).is_some();
    let (body, taken) = item_body(lines, index, is_item);
    let mut values = Vec::new();
    let mut in_values = false;
    let head = lines[index];
    for (number, line) in std::iter::once(&(head.0, text)).chain(&body) {
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("possib") && lower.contains(':') {
            in_values = true;
            let (_, rest) = line.split_once(':').unwrap_or_default();
            values.extend(value_items(rest).map(|value| Located::at(*number, value)));
            continue;
        }
        const TAKES: &str = "this parameter takes the value ";
        if lower.starts_with(TAKES) {
            let rest = line.get(TAKES.len()..).unwrap_or_default();
            values.extend(value_items(rest).map(|value| Located::at(*number, value)));
            continue;
        }
        if let Some(at) = lower.find("possible values are ") {
            let rest = line.get(at + "possible values are ".len()..).unwrap_or_default();
            let rest = rest.split(". ").next().unwrap_or(rest);
            values.extend(value_items(rest).map(|value| Located::at(*number, value)));
            continue;
        }
        if lower.starts_with("default") {
            in_values = false;
            continue;
        }
        if in_values {
            let text = bullet_text(line).unwrap_or(line);
            let token = text.split([':', ' ']).next().unwrap_or_default().trim();
            let value = token.trim_end_matches('-');
            let is_value = !value.is_empty()
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && (text.contains(':') || text.contains(" - ") || token.ends_with('-') || !text.contains(' '));
            if is_value {
                values.push(Located::at(*number, value.to_owned()));
            } else {
                in_values = false;
            }
        }
    }
    (Some(PageParam { name, r#type, optional, values }), taken)
}

/// The values of a one-line list: `summary`, `full_access, read_only, or read_write.`
fn value_items(text: &str) -> impl Iterator<Item = String> + '_ {
    text.trim()
        .trim_end_matches('.')
        .split([',', '/'])
        .flat_map(|item| item.split(" or "))
        .flat_map(|item| item.split(" and "))
        .map(|item| item.trim().trim_start_matches("or ").trim_start_matches("and ").trim())
        .map(|item| item.trim_matches(['"', '\'', '`']))
        .filter(|item| !item.is_empty() && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_owned)
}

/// The code, status and the text after them of an error head: `INVALID_DATAHTTP 400…`.
fn error_head(text: &str) -> Option<(&str, i64, &str)> {
    let at = text.find("HTTP ")?;
    let code = text[..at].trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()) {
        return None;
    }
    let rest = &text[at + 5..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits != 3 {
        return None;
    }
    let status = rest[..3].parse().ok()?;
    Some((code, status, rest[3..].trim()))
}

/// A table row of errors: `400 | INVALID_DATA | message | resolution`.
fn table_error(text: &str) -> Option<PageError> {
    let cells: Vec<&str> = text.split('|').map(str::trim).filter(|cell| !cell.is_empty()).collect();
    if cells.len() < 3 {
        return None;
    }
    let (status, code) = match (cells[0].parse::<i64>(), cells[1].parse::<i64>()) {
        (Ok(status), _) => (status, cells[1]),
        (_, Ok(status)) => (status, cells[0]),
        _ => return None,
    };
    if !(100..=599).contains(&status) || !code.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        return None;
    }
    let resolution = cells.get(3).copied().unwrap_or_default();
    Some(PageError {
        code: code.to_owned(),
        status,
        message: cells[2].to_owned(),
        resolution: resolution.strip_prefix("Resolution:").unwrap_or(resolution).trim().to_owned(),
    })
}

/// Reads an error (`INVALID_DATAHTTP 400`, a bullet or not), its message and its
/// resolution; a line that is no error head takes one line and yields nothing.
fn read_error(lines: &[Line<'_>], index: usize) -> (Option<PageError>, usize) {
    let (_, line) = lines[index];
    let text = bullet_text(line).unwrap_or(line.trim());
    if let Some(error) = table_error(text) {
        return (Some(error), 1);
    }
    let Some((code, status, after)) = error_head(text) else {
        return (None, 1);
    };
    let is_item = |line: &str| {
        let text = bullet_text(line).unwrap_or(line.trim());
        error_head(text).is_some() || (is_bullet(line) && !text.is_empty() && text.len() > 3 && !text.starts_with('('))
    };
    let (body, taken) = item_body(lines, index, is_item);
    let mut message_lines: Vec<&str> = Vec::new();
    if !after.is_empty() {
        message_lines.push(after);
    }
    let mut resolution: Vec<&str> = Vec::new();
    for (_, line) in &body {
        if let Some(rest) = line.strip_prefix("Resolution:") {
            resolution.push(rest.trim());
        } else if resolution.is_empty() {
            if message_lines.is_empty() {
                message_lines.push(line);
            } else if let Some((message, rest)) = line.split_once("Resolution:") {
                message_lines.push(message.trim());
                resolution.push(rest.trim());
            }
        } else {
            resolution.push(line);
        }
    }
    let message = message_lines.join(" ");
    let (message, inline) = match message.split_once("Resolution:") {
        Some((message, rest)) => (message.trim().to_owned(), Some(rest.trim().to_owned())),
        None => (message.trim().to_owned(), None),
    };
    let mut resolution = resolution.join(" ");
    if let Some(inline) = inline {
        resolution = if resolution.is_empty() { inline } else { format!("{inline} {resolution}") };
    }
    let error = PageError { code: code.to_owned(), status, message, resolution };
    (Some(error), taken)
}

/// Reads the JSON that starts on `lines[index]` (after `Copied`, if there): as many lines
/// as it takes to parse, or to the next heading.
fn read_json(lines: &[Line<'_>], index: usize) -> (Result<Value, String>, usize) {
    let mut text = lines[index].1.trim_start().trim_start_matches("Copied").to_owned();
    let mut last_error = String::new();
    for (offset, (_, line)) in lines.iter().enumerate().skip(index) {
        if offset > index {
            if heading(line).is_some() {
                return (Err(last_error), offset - index);
            }
            text.push('\n');
            text.push_str(line);
        }
        match serde_json::from_str(&text) {
            Ok(value) => return (Ok(value), offset + 1 - index),
            Err(err) => last_error = err.to_string(),
        }
    }
    (Err(last_error), lines.len() - index)
}

#[cfg(test)]
mod tests;
