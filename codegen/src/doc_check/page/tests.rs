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
    assert_eq!(page.sample_urls[0].value, "https://www.zohoapis.com/crm/v2.1/Contacts/1/actions/share?view=summary");
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

/// The same page exported with `- ` bullets, rows run into their status, a heading run
/// into the line before it and the bare scope.
const DASH_PAGE: &str = "\
Endpoints
- DELETE /{module_API_name}/{record_ID}/actions/share
Request URL
{api-domain}/crm/{version}/{module_API_name}/{record_ID}/actions/share
Supported modules
Leads, Price Books, and Custom modules.
Scope
ZohoCRM.share.{module_name}.{operation_type}
(or)
ZohoCRM.share.all
Note
- A record can be shared only with 10 users, 5 groups, and 5 roles.
Sample Request
Copiedcurl \"https://www.zohoapis.com/crm/v8/Contacts/1/actions/share\"
-X DELETE
info response;Possible Errors
- INVALID_REQUEST_METHODHTTP 400The request method is incorrect. 
 Resolution: Use the HTTP DELETE method.
- AUTHORIZATION_FAILEDHTTP 400User does not have sufficient privilege. 
 Resolution: Contact your system administrator. - INVALID_MODULEHTTP 400The module is invalid.
Parameters
1. viewstring, optional
Possible values: summary, manage
Input JSON
- permissionstring, mandatory
Possible values: full_access, read_only, or read_write.
Sample Input
Copied{\"share\": [{\"permission\": \"read_only\"}]}
";

#[test]
fn dash_bullets_endpoints_and_run_in_text_are_read() {
    let page = read_page(DASH_PAGE);
    assert_eq!(page.method, Some(Located::at(2, "DELETE".to_owned())));
    assert_eq!(page.endpoints[0].value.1, "/{module_API_name}/{record_ID}/actions/share");
    let modules: Vec<_> = page.supported_modules.iter().map(|module| module.value.as_str()).collect();
    assert_eq!(modules, ["Leads", "Price Books", "Custom"]);
    assert_eq!(page.scope_template.unwrap().value, "ZohoCRM.share.{module_name}.{operation_type}");
    assert_eq!(page.extra_scopes[0].value, "ZohoCRM.share.all");
    let limits: Vec<_> = page.limits.iter().map(|limit| (limit.value.what.as_str(), limit.value.count)).collect();
    assert_eq!(limits, [("users", 10), ("groups", 5), ("roles", 5)]);
    let codes: Vec<_> = page.errors.iter().map(|error| (error.line, error.value.code.as_str())).collect();
    assert_eq!(codes, [(17, "INVALID_REQUEST_METHOD"), (19, "AUTHORIZATION_FAILED"), (20, "INVALID_MODULE")]);
    assert_eq!(page.errors[0].value.message, "The request method is incorrect.");
    assert_eq!(page.errors[0].value.resolution, "Use the HTTP DELETE method.");
    assert_eq!(page.errors[1].value.resolution, "Contact your system administrator.");
    assert_eq!(page.errors[2].value.message, "The module is invalid.");
    let values: Vec<_> = page.params[0].value.values.iter().map(|value| value.value.as_str()).collect();
    assert_eq!(values, ["summary", "manage"]);
    let key = &page.input_keys[0].value;
    assert_eq!((key.name.as_str(), key.optional, key.values.len()), ("permission", false, 3));
    assert_eq!(page.inputs[0].value, Ok(serde_json::json!({"share": [{"permission": "read_only"}]})));
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
}

#[test]
fn a_section_that_yields_nothing_is_a_warning_naming_its_line() {
    let page = read_page("Possible Errors\n\n  ~ INVALID_DATA (400)\n\nParameters\n  + view\n");
    let lines: Vec<_> = page.warnings.iter().map(|warning| warning.line).collect();
    assert_eq!(lines, [1, 5]);
}
