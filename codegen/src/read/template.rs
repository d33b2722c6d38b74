//! `{placeholder}` templates: the URL template and the scope template.

/// The URL template's placeholder for the base URL.
pub const API_DOMAIN: &str = "api-domain";
/// The URL template's placeholder for the API version.
pub const VERSION: &str = "version";
/// The scope template's placeholder for the module's scope name.
pub const MODULE_NAME: &str = "module_name";
/// The scope template's placeholder for the operation type.
pub const OPERATION_TYPE: &str = "operation_type";

/// A piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text kept as it is.
    Literal(String),
    /// A `{name}` to fill in.
    Placeholder(String),
}

/// Splits a template into literal text and placeholders.
pub fn parse(text: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match (rest.find('{'), rest.find('}')) {
            (Some(open), Some(close)) if close < open => return Err("a `}` closes nothing".to_owned()),
            (None, Some(_)) => return Err("a `}` closes nothing".to_owned()),
            (Some(open), _) => {
                if open > 0 {
                    parts.push(Part::Literal(rest[..open].to_owned()));
                }
                let after = &rest[open + 1..];
                let close = after.find('}').ok_or("a `{` is never closed")?;
                let name = &after[..close];
                if name.is_empty() || name.contains('{') {
                    return Err(format!("`{{{name}}}` is not a placeholder"));
                }
                parts.push(Part::Placeholder(name.to_owned()));
                rest = &after[close + 1..];
            }
            (None, None) => {
                parts.push(Part::Literal(rest.to_owned()));
                rest = "";
            }
        }
    }
    Ok(parts)
}

/// The placeholders of a template, in order.
pub fn placeholders(parts: &[Part]) -> impl Iterator<Item = &str> {
    parts.iter().filter_map(|part| match part {
        Part::Placeholder(name) => Some(name.as_str()),
        Part::Literal(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_placeholders() {
        let parts = parse("{api-domain}/crm/{version}/x").unwrap();
        assert_eq!(parts.len(), 4);
        assert_eq!(placeholders(&parts).collect::<Vec<_>>(), ["api-domain", "version"]);
        assert_eq!(parts[3], Part::Literal("/x".into()));
    }

    #[test]
    fn rejects_unbalanced_braces() {
        assert!(parse("{a").is_err());
        assert!(parse("a}").is_err());
        assert!(parse("{}").is_err());
        assert!(parse("{a{b}}").is_err());
    }
}
