//! Header parameters of a request (`If-Modified-Since`, `X-CRM-ORG`, …).

use std::fmt::Display;

use http::header::{HeaderName, HeaderValue};

use crate::build_error::{BuildError, FieldPath};

/// Sets the header `name` of `request` to `value`'s text; a value that cannot be a header
/// value (a line break, say) is an error naming the parameter at `path`.
pub fn set_header<B>(
    request: &mut http::Request<B>,
    name: &'static str,
    value: impl Display,
    path: &FieldPath<'_>,
) -> Result<(), BuildError> {
    // Header names come from the spec and are checked by the generator; a bad one is still
    // an error rather than a panic.
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| BuildError::invalid(path, format!("`{name}` is not a header name")))?;
    let value = HeaderValue::from_str(&value.to_string()).map_err(|_| {
        BuildError::invalid(path, "the value cannot be sent in a header (it has a line break or control character)")
    })?;
    request.headers_mut().insert(name, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_set_and_line_breaks_refused() {
        let mut request = http::Request::new(());
        set_header(&mut request, "X-CRM-ORG", 4150868, &FieldPath::ROOT.field("org")).unwrap();
        assert_eq!(request.headers()["x-crm-org"], "4150868");
        let refused = set_header(&mut request, "X-CRM-ORG", "1\r\nEvil: yes", &FieldPath::ROOT.field("org"));
        assert_eq!(refused.unwrap_err().field(), "org");
    }
}
