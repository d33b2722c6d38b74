//! Reading a Zoho doc page, exported as plain text, into the facts it states, each with
//! the line it is on.
//!
//! Zoho's pages share one layout: headings on lines of their own ("Request URL", "Scope",
//! "Possible Errors", …), the fact on the lines that follow, error rows as bullets whose
//! first line runs the code into the status (`INVALID_DATAHTTP 400`), and sample code and
//! answers after a "Copied" marker.

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

/// A parameter as a page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageParam {
    /// Its name on the wire, e.g. `sharedTo`.
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
    /// The resolution, its lines joined by spaces.
    pub resolution: String,
}

/// Everything a page states that a spec can hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The request URL, e.g. `{api-domain}/crm/{version}/{module_api_name}/…`.
    pub request_url: Option<Located<String>>,
    /// The HTTP method the sample requests use.
    pub method: Option<Located<String>>,
    /// The supported modules by display name (`Custom` for custom modules).
    pub supported_modules: Vec<Located<String>>,
    /// The authorization header line, e.g. `Authorization: Zoho-oauthtoken d92d4…`.
    pub header: Option<Located<String>>,
    /// The scope template, e.g. `ZohoCRM.share.{module_name}.{operation_type}`.
    pub scope_template: Option<Located<String>>,
    /// The module names scopes use (`custom` for custom modules).
    pub module_names: Vec<Located<String>>,
    /// The operation types scopes may name.
    pub operation_types: Vec<Located<String>>,
    /// The URLs the sample requests call.
    pub sample_urls: Vec<Located<String>>,
    /// The parameters.
    pub params: Vec<Located<PageParam>>,
    /// The documented errors.
    pub errors: Vec<Located<PageError>>,
    /// The sample answers: JSON, or why the text did not parse.
    pub answers: Vec<Located<Result<Value, String>>>,
}

/// The sections of a page, named by their headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    RequestUrl,
    SupportedModules,
    Header,
    Scope,
    ModuleNames,
    OperationTypes,
    Parameters,
    Errors,
    SampleResponse,
    Other,
}

/// The section a heading line opens, or `None` if the line is not a heading.
fn heading(line: &str) -> Option<Section> {
    let section = match line.trim_end() {
        "Request URL" => Section::RequestUrl,
        "Supported modules" => Section::SupportedModules,
        "Header" => Section::Header,
        "Scope" => Section::Scope,
        "Possible module names" => Section::ModuleNames,
        "Possible operation types" => Section::OperationTypes,
        "Parameters" => Section::Parameters,
        "Possible Errors" => Section::Errors,
        "Purpose" | "Request Details" | "Note" => Section::Other,
        text if text.starts_with("Sample Response") => Section::SampleResponse,
        text if text.starts_with("Sample Request") => Section::Other,
        _ => return None,
    };
    Some(section)
}

/// Reads a page.
pub fn read_page(text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let mut page = Page::default();
    let mut section = Section::Other;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if let Some(next) = heading(line) {
            section = next;
            index += 1;
            continue;
        }
        let consumed = read_line(&mut page, section, &lines, index);
        index += consumed.max(1);
    }
    page
}

/// Reads the fact at `lines[index]` within `section`; returns how many lines it took.
fn read_line(page: &mut Page, section: Section, lines: &[&str], index: usize) -> usize {
    let line = lines[index];
    let trimmed = line.trim();
    let line_number = index + 1;
    if trimmed.is_empty() {
        return 1;
    }
    match section {
        Section::RequestUrl if page.request_url.is_none() => {
            page.request_url = Some(Located::at(line_number, trimmed.to_owned()))
        }
        Section::SupportedModules => {
            page.supported_modules.extend(list_items(trimmed).map(|value| Located::at(line_number, value)))
        }
        Section::Header if page.header.is_none() => page.header = Some(Located::at(line_number, trimmed.to_owned())),
        Section::Scope if page.scope_template.is_none() => {
            let template = trimmed.strip_prefix("scope=").unwrap_or(trimmed);
            page.scope_template = Some(Located::at(line_number, template.to_owned()));
        }
        Section::ModuleNames => {
            page.module_names.extend(list_items(trimmed).map(|value| Located::at(line_number, value)))
        }
        Section::OperationTypes => {
            let name = trimmed.split(" - ").next().unwrap_or(trimmed).trim();
            page.operation_types.push(Located::at(line_number, name.to_owned()));
        }
        Section::Parameters if is_bullet(line) => {
            let (param, taken) = read_param(lines, index);
            page.params.extend(param.map(|value| Located::at(line_number, value)));
            return taken;
        }
        Section::Errors if is_bullet(line) => {
            let (error, taken) = read_error(lines, index);
            page.errors.extend(error.map(|value| Located::at(line_number, value)));
            return taken;
        }
        Section::SampleResponse if trimmed.starts_with("Copied") => {
            let (answer, taken) = read_json(lines, index);
            page.answers.push(Located::at(line_number, answer));
            return taken;
        }
        _ => read_sample_line(page, trimmed, index + 1),
    }
    1
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
        if url.contains("zohoapis") && (url.starts_with("https://") || url.starts_with("http://")) {
            urls.push(url.to_owned());
        }
        rest = &candidate[end.max(4)..];
    }
    urls
}

fn is_bullet(line: &str) -> bool {
    line.trim_start().starts_with('•')
}

fn bullet_text(line: &str) -> &str {
    line.trim_start().trim_start_matches('•').trim()
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

/// The lines after a bullet that belong to it: up to the next bullet or heading.
fn bullet_body<'l>(lines: &[&'l str], index: usize) -> Vec<(usize, &'l str)> {
    lines
        .iter()
        .enumerate()
        .skip(index + 1)
        .take_while(|(_, line)| !is_bullet(line) && heading(line).is_none())
        .map(|(number, line)| (number, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect()
}

/// The types a page runs into a parameter's name (`sharedTostring`), longest first.
const PARAM_TYPES: &[&str] = &["JSON array", "JSON object", "boolean", "integer", "string", "number", "long", "array"];

/// Reads a parameter bullet (`sharedTostring, optional`) and its possible values.
fn read_param(lines: &[&str], index: usize) -> (Option<PageParam>, usize) {
    let body = bullet_body(lines, index);
    let taken = body.last().map_or(1, |(last, _)| last + 1 - index);
    let text = bullet_text(lines[index]);
    let (head, requirement) = text.split_once(',').unwrap_or((text, ""));
    let Some((name, r#type)) = PARAM_TYPES
        .iter()
        .find_map(|r#type| head.strip_suffix(r#type).map(|name| (name.trim().to_owned(), (*r#type).to_owned())))
    else {
        return (None, taken);
    };
    let values = body
        .iter()
        .skip_while(|(_, line)| !line.starts_with("Possible values"))
        .skip(1)
        .filter_map(|(number, line)| {
            let value = line.split(':').next()?.trim();
            let is_value = !value.is_empty() && !value.contains(' ');
            is_value.then(|| Located { line: number + 1, value: value.to_owned() })
        })
        .collect();
    let optional = requirement.trim().eq_ignore_ascii_case("optional");
    (Some(PageParam { name, r#type, optional, values }), taken)
}

/// Reads an error bullet (`INVALID_DATAHTTP 400`), its message and its resolution.
fn read_error(lines: &[&str], index: usize) -> (Option<PageError>, usize) {
    let body = bullet_body(lines, index);
    let taken = body.last().map_or(1, |(last, _)| last + 1 - index);
    let text = bullet_text(lines[index]);
    let Some((code, status)) = text.rsplit_once("HTTP ") else {
        return (None, taken);
    };
    let Ok(status) = status.trim().parse() else {
        return (None, taken);
    };
    let message = body.first().map(|(_, line)| (*line).to_owned()).unwrap_or_default();
    let resolution: Vec<&str> = body
        .iter()
        .skip_while(|(_, line)| !line.starts_with("Resolution:"))
        .map(|(_, line)| line.strip_prefix("Resolution:").unwrap_or(line).trim())
        .collect();
    let error = PageError { code: code.trim().to_owned(), status, message, resolution: resolution.join(" ") };
    (Some(error), taken)
}

/// Reads the JSON that starts after `Copied` on `lines[index]`: as many lines as it takes
/// to parse, or to the next heading.
fn read_json(lines: &[&str], index: usize) -> (Result<Value, String>, usize) {
    let mut text = lines[index].trim_start().trim_start_matches("Copied").to_owned();
    let mut last_error = String::new();
    for (offset, line) in lines.iter().enumerate().skip(index) {
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
mod tests {
    use super::*;

    const PAGE: &str = "\
Request URL

{api-domain}/crm/{version}/{module_api_name}/{record_id}/actions/share

Supported modules

Leads, Price Books, and Custom.

Header

Authorization: Zoho-oauthtoken d92d4xxxxxxxxxxxxx15f52

Scope

scope=ZohoCRM.share.{module_name}.{operation_type}

Possible module names

leads, pricebooks, and custom.

Possible operation types

ALL - Full access to the record
READ - Get shared record's details

Sample Request

Copiedcurl \"https://www.zohoapis.com/crm/v2.1/Contacts/1/actions/share?view=summary\"
-X GET
Parameters

  • viewstring, optional

    What to return.
    Possible values:
    summary:Refer to the section.

Possible Errors

  • INVALID_DATAHTTP 400

    ENTITY_ID_INVALID
    Resolution: The record ID is either invalid
    (or)
    does not belong to the module.

Sample Response

Copied{
    \"share\": []
}";

    #[test]
    fn every_kind_of_fact_is_read_with_its_line() {
        let page = read_page(PAGE);
        assert_eq!(page.request_url.unwrap().line, 3);
        let modules: Vec<_> = page.supported_modules.iter().map(|module| module.value.as_str()).collect();
        assert_eq!(modules, ["Leads", "Price Books", "Custom"]);
        assert_eq!(page.header.unwrap().value, "Authorization: Zoho-oauthtoken d92d4xxxxxxxxxxxxx15f52");
        assert_eq!(page.scope_template.unwrap().value, "ZohoCRM.share.{module_name}.{operation_type}");
        let names: Vec<_> = page.module_names.iter().map(|name| name.value.as_str()).collect();
        assert_eq!(names, ["leads", "pricebooks", "custom"]);
        let types: Vec<_> = page.operation_types.iter().map(|name| name.value.as_str()).collect();
        assert_eq!(types, ["ALL", "READ"]);
        assert_eq!(page.method.unwrap(), Located { line: 29, value: "GET".to_owned() });
        assert_eq!(
            page.sample_urls[0].value,
            "https://www.zohoapis.com/crm/v2.1/Contacts/1/actions/share?view=summary"
        );
        let param = &page.params[0];
        assert_eq!((param.line, param.value.name.as_str(), param.value.optional), (32, "view", true));
        assert_eq!(param.value.values, [Located { line: 36, value: "summary".to_owned() }]);
        let error = &page.errors[0];
        assert_eq!(error.line, 40);
        assert_eq!(error.value.message, "ENTITY_ID_INVALID");
        assert_eq!(error.value.resolution, "The record ID is either invalid (or) does not belong to the module.");
        assert_eq!(page.answers[0].line, 49);
        assert_eq!(page.answers[0].value, Ok(serde_json::json!({"share": []})));
    }

    #[test]
    fn json_that_never_closes_is_reported_not_lost() {
        let page = read_page("Sample Response\n\nCopied{\n  \"share\": [\n");
        assert!(page.answers[0].value.is_err());
    }
}
