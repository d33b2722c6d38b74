//! What a generated API says about itself as a whole, and the rules of its request
//! bodies, as data: for code that must recognise or apply them outside the generated
//! client, such as a test server.

use crate::multipart::MultipartForm;

/// An API's URL shape and authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiInfo {
    /// The API's name.
    pub name: &'static str,
    /// The path every operation's path extends, after the API domain, with `{version}`
    /// where the version goes, e.g. `/crm/{version}`.
    pub base_path: &'static str,
    /// The header that carries the access token, e.g. `Authorization`.
    pub auth_header: &'static str,
    /// The scheme before the token, e.g. `Zoho-oauthtoken`.
    pub auth_scheme: &'static str,
}

impl ApiInfo {
    /// An HTTP request to `url` carrying `token` as this API's header and scheme say, with
    /// a JSON body if given.
    pub fn request(
        &self,
        method: http::Method,
        url: String,
        token: &crate::AccessToken,
        json_body: Option<Vec<u8>>,
    ) -> Result<http::Request<Vec<u8>>, crate::BuildError> {
        crate::build_request(method, url, self.auth_header, self.auth_scheme, token, json_body)
    }

    /// An HTTP request to `url` carrying `token` as this API's header and scheme say, with
    /// `form` as its `multipart/form-data` body (and the form's `Content-Type`, boundary
    /// included): an upload.
    pub fn multipart_request(
        &self,
        method: http::Method,
        url: String,
        token: &crate::AccessToken,
        form: MultipartForm,
    ) -> Result<http::Request<Vec<u8>>, crate::BuildError> {
        let (content_type, body) = form.finish();
        let content_type = http::HeaderValue::try_from(content_type).map_err(|_| {
            crate::BuildError::invalid(&crate::FieldPath::ROOT, "has a form whose content type is not a header value")
        })?;
        crate::url::request_with_body(
            method,
            url,
            self.auth_header,
            self.auth_scheme,
            token,
            Some((content_type, body)),
        )
    }

    /// The token an `auth_header` value carries, if it has this API's scheme.
    pub fn token_in<'a>(&self, header_value: &'a str) -> Option<&'a str> {
        let rest = header_value.strip_prefix(self.auth_scheme)?;
        rest.strip_prefix(' ').map(str::trim)
    }
}

/// The rules on the items of a list field of a request body, as the spec states them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListRule {
    /// The field's name in the spec, e.g. `share`.
    pub field: &'static str,
    /// The fewest items.
    pub min_items: Option<usize>,
    /// The most items.
    pub max_items: Option<usize>,
    /// The dotted key inside each item whose value the per-value limits count, e.g.
    /// `shared_with.sharee_type`.
    pub max_by_key: Option<&'static str>,
    /// The most items per wire value of that key, e.g. `[("users", 10), ("groups", 5)]`.
    pub max_by: &'static [(&'static str, usize)],
    /// The dotted key and wire value of an item that must be the list's only item.
    pub alone_when: Option<(&'static str, &'static str)>,
}

impl ListRule {
    /// The most items whose key has the wire value `value`, if the rule limits it.
    pub fn limit_for(&self, value: &str) -> Option<usize> {
        self.max_by.iter().find(|(known, _)| *known == value).map(|(_, limit)| *limit)
    }
}

/// The placeholders of `path` filled in by `template` (an operation's path, after its
/// base, such as `/crm/{version}/{module}/{id}`), in order; `None` when the path does not
/// have the template's shape. Each placeholder matches one non-empty segment, kept as it
/// came (percent-encoded).
pub fn match_path<'t, 'p>(template: &'t str, path: &'p str) -> Option<Vec<(&'t str, &'p str)>> {
    let template_segments = template.trim_start_matches('/').split('/');
    let mut path_segments = path.trim_start_matches('/').split('/');
    let mut values = Vec::new();
    for expected in template_segments {
        let actual = path_segments.next()?;
        match expected.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(name) if !actual.is_empty() => values.push((name, actual)),
            Some(_) => return None,
            None if expected == actual => {}
            None => return None,
        }
    }
    path_segments.next().is_none().then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_their_templates_segment_by_segment() {
        let template = "/crm/{version}/{module}/{id}/actions/share";
        let matched = match_path(template, "/crm/v8/Leads/12/actions/share").unwrap();
        assert_eq!(matched, [("version", "v8"), ("module", "Leads"), ("id", "12")]);
        assert!(match_path(template, "/crm/v8/Leads/12/actions").is_none());
        assert!(match_path(template, "/crm/v8/Leads/12/actions/share/more").is_none());
        assert!(match_path(template, "/crm/v8//12/actions/share").is_none());
        assert!(match_path("/settings/tags", "/settings/tags").unwrap().is_empty());
    }

    #[test]
    fn tokens_are_read_with_the_scheme() {
        let info = ApiInfo { name: "x", base_path: "/x", auth_header: "Authorization", auth_scheme: "Zoho-oauthtoken" };
        assert_eq!(info.token_in("Zoho-oauthtoken 1000.abc"), Some("1000.abc"));
        assert_eq!(info.token_in("Bearer 1000.abc"), None);
        assert_eq!(info.token_in("Zoho-oauthtoken1000"), None);
    }

    #[test]
    fn uploads_carry_the_form_and_the_token() {
        let info = ApiInfo { name: "x", base_path: "/x", auth_header: "Authorization", auth_scheme: "Zoho-oauthtoken" };
        let mut form = MultipartForm::new();
        form.text("feature", "bulk-write");
        form.file("file", &crate::FilePart::new("leads.zip", b"PK".to_vec()));
        let (content_type, body) = {
            let mut again = MultipartForm::new();
            again.text("feature", "bulk-write");
            again.file("file", &crate::FilePart::new("leads.zip", b"PK".to_vec()));
            again.finish()
        };
        let token = crate::AccessToken::new("1000.abc");
        let request = info.multipart_request(
            http::Method::POST,
            "https://content.zohoapis.com/crm/v8/upload".into(),
            &token,
            form,
        );
        let request = request.unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "https://content.zohoapis.com/crm/v8/upload");
        assert_eq!(request.headers()[http::header::CONTENT_TYPE], content_type.as_str());
        assert!(request.headers()["authorization"].is_sensitive());
        assert_eq!(request.body(), &body);
        let parts = crate::parse_multipart(&content_type, request.body()).unwrap();
        assert_eq!(parts[1].file_name.as_deref(), Some("leads.zip"));
        let plain = info.request(http::Method::GET, "https://x.test/a".into(), &token, None).unwrap();
        assert!(plain.headers().get(http::header::CONTENT_TYPE).is_none());
        let json = info.request(http::Method::POST, "https://x.test/a".into(), &token, Some(b"{}".to_vec())).unwrap();
        assert_eq!(json.headers()[http::header::CONTENT_TYPE], "application/json");
        assert_eq!(json.body(), b"{}");
    }

    #[test]
    fn limits_are_found_by_value() {
        let rule = ListRule {
            field: "share",
            min_items: Some(1),
            max_items: None,
            max_by_key: Some("shared_with.sharee_type"),
            max_by: &[("users", 10), ("groups", 5)],
            alone_when: None,
        };
        assert_eq!(rule.limit_for("users"), Some(10));
        assert_eq!(rule.limit_for("roles"), None);
    }
}
