//! The spec's type expressions: `string`, `RecordId`, `list<ShareItem>`, `outcome<T>`.

use std::fmt;

/// A parsed type expression.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    /// `bool`.
    Bool,
    /// `string`.
    String,
    /// `integer`: a signed 64-bit integer.
    Integer,
    /// `number`: a 64-bit floating-point number.
    Number,
    /// `datetime`: an RFC 3339 date-time that keeps its offset.
    DateTime,
    /// `json`: any JSON value.
    Json,
    /// `module`: a module of the API (a path or query parameter).
    Module,
    /// `file`: a file to upload (a part of a multipart body).
    File,
    /// The name of an ID type, enum or model.
    Named(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// `outcome<T>`: a success `T` or an error object (per-item results).
    Outcome(Box<TypeExpr>),
}

impl TypeExpr {
    /// Parses a type expression; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<TypeExpr, String> {
        let text = text.trim();
        for (wrapper, make) in
            [("list", TypeExpr::List as fn(Box<TypeExpr>) -> TypeExpr), ("outcome", TypeExpr::Outcome)]
        {
            if let Some(rest) = text.strip_prefix(wrapper).and_then(|rest| rest.trim_start().strip_prefix('<')) {
                let inner = rest.strip_suffix('>').ok_or_else(|| format!("`{text}` lacks its closing `>`"))?;
                return TypeExpr::parse(inner).map(|inner| make(Box::new(inner)));
            }
        }
        Ok(match text {
            "bool" => TypeExpr::Bool,
            "string" => TypeExpr::String,
            "integer" => TypeExpr::Integer,
            "number" => TypeExpr::Number,
            "datetime" => TypeExpr::DateTime,
            "json" => TypeExpr::Json,
            "module" => TypeExpr::Module,
            "file" => TypeExpr::File,
            "" => return Err("the type is empty".to_owned()),
            name if is_type_name(name) => TypeExpr::Named(name.to_owned()),
            other => {
                return Err(format!(
                    "`{other}` is not a type (expected a primitive, a type name, `list<T>` or `outcome<T>`)"
                ));
            }
        })
    }

    /// The innermost named type, if any.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(name) => Some(name),
            TypeExpr::List(inner) | TypeExpr::Outcome(inner) => inner.named(),
            _ => None,
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Bool => f.write_str("bool"),
            TypeExpr::String => f.write_str("string"),
            TypeExpr::Integer => f.write_str("integer"),
            TypeExpr::Number => f.write_str("number"),
            TypeExpr::DateTime => f.write_str("datetime"),
            TypeExpr::Json => f.write_str("json"),
            TypeExpr::Module => f.write_str("module"),
            TypeExpr::File => f.write_str("file"),
            TypeExpr::Named(name) => f.write_str(name),
            TypeExpr::List(inner) => write!(f, "list<{inner}>"),
            TypeExpr::Outcome(inner) => write!(f, "outcome<{inner}>"),
        }
    }
}

fn is_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_types() {
        let parsed = TypeExpr::parse("list<outcome<ActionSuccess>>").unwrap();
        assert_eq!(
            parsed,
            TypeExpr::List(Box::new(TypeExpr::Outcome(Box::new(TypeExpr::Named("ActionSuccess".into())))))
        );
        assert_eq!(parsed.to_string(), "list<outcome<ActionSuccess>>");
        assert_eq!(parsed.named(), Some("ActionSuccess"));
        assert_eq!(TypeExpr::parse(" bool ").unwrap(), TypeExpr::Bool);
    }

    #[test]
    fn rejects_malformed_types() {
        assert!(TypeExpr::parse("list<Foo").unwrap_err().contains("closing"));
        assert!(TypeExpr::parse("map of things").unwrap_err().contains("is not a type"));
        assert!(TypeExpr::parse("").is_err());
        assert!(TypeExpr::parse("list<>").is_err());
    }
}
