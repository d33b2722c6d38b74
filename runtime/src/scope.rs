//! OAuth scopes: what a request needs and what a token was granted.

use std::collections::BTreeSet;
use std::fmt;

/// An OAuth scope of a module: a template such as `ZohoCRM.share.{module_name}.{operation_type}`
/// filled with the module's scope name and an operation type `T` (the API's
/// `OperationType`, written as its `Display` writes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scope<T> {
    template: &'static str,
    module_name: &'static str,
    operation_type: T,
}

impl<T: Copy> Scope<T> {
    /// The scope `template` names for a module and an operation type; for generated code,
    /// whose checked templates hold `{module_name}` and `{operation_type}`.
    #[doc(hidden)]
    pub const fn new(template: &'static str, module_name: &'static str, operation_type: T) -> Self {
        Scope { template, module_name, operation_type }
    }

    /// The module's scope name.
    pub fn module_name(&self) -> &'static str {
        self.module_name
    }

    /// The operation type.
    pub fn operation_type(&self) -> T {
        self.operation_type
    }
}

impl<T: fmt::Display> fmt::Display for Scope<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.template;
        while let Some(start) = rest.find('{') {
            let (text, placeholder) = rest.split_at(start);
            f.write_str(text)?;
            rest = if let Some(after) = placeholder.strip_prefix("{module_name}") {
                f.write_str(self.module_name)?;
                after
            } else if let Some(after) = placeholder.strip_prefix("{operation_type}") {
                self.operation_type.fmt(f)?;
                after
            } else {
                f.write_str("{")?;
                &placeholder[1..]
            };
        }
        f.write_str(rest)
    }
}

/// The scopes that allow a request: any one of its first set, and, when the operation
/// needs several scopes held together, also one of each further set.
///
/// Most operations have one set ([`any_of`](Self::any_of)): `ZohoCRM.share.leads.READ` or
/// `ZohoCRM.share.leads.ALL`. Some need two grants at once (the notes of a record need
/// the record's module and the notes module): each further set is added with
/// [`and_any_of`](Self::and_any_of), and the token must hold one scope of every set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeRequirement {
    any_of: Vec<String>,
    also: Vec<Vec<String>>,
}

impl ScopeRequirement {
    /// A requirement met by any one of `scopes`.
    pub fn any_of(scopes: Vec<String>) -> Self {
        ScopeRequirement { any_of: scopes, also: Vec::new() }
    }

    /// This requirement and also one of `scopes`: both must be held together. An empty
    /// set adds nothing.
    #[must_use]
    pub fn and_any_of(mut self, scopes: Vec<String>) -> Self {
        if !scopes.is_empty() {
            self.also.push(scopes);
        }
        self
    }

    /// The scopes of the first set, any one of which meets it, most specific first.
    pub fn scopes(&self) -> &[String] {
        &self.any_of
    }

    /// Every set, the first one first: the token must hold one scope of each.
    pub fn all_of(&self) -> impl Iterator<Item = &[String]> {
        std::iter::once(self.any_of.as_slice()).chain(self.also.iter().map(Vec::as_slice))
    }

    /// Whether `granted` holds one scope of every set.
    pub fn is_met_by(&self, granted: &GrantedScopes) -> bool {
        self.all_of().all(|set| set.iter().any(|scope| granted.contains(scope)))
    }
}

impl fmt::Display for ScopeRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.also.is_empty() {
            return f.write_str(&self.any_of.join(" or "));
        }
        for (index, set) in self.all_of().enumerate() {
            if index > 0 {
                f.write_str(" and ")?;
            }
            if set.len() == 1 {
                f.write_str(&set[0])?;
            } else {
                write!(f, "({})", set.join(" or "))?;
            }
        }
        Ok(())
    }
}

/// The scopes a token was granted. Zoho compares scopes without regard to case
/// (`ZohoCRM.share.Leads.ALL` and `ZohoCRM.share.leads.ALL` are one scope).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantedScopes(BTreeSet<String>);

impl GrantedScopes {
    /// Parses a scope list as Zoho writes it: separated by commas or spaces.
    pub fn parse(list: &str) -> Self {
        GrantedScopes(
            list.split([',', ' '])
                .map(str::trim)
                .filter(|scope| !scope.is_empty())
                .map(str::to_ascii_lowercase)
                .collect(),
        )
    }

    /// Whether `scope` was granted.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.contains(&scope.to_ascii_lowercase())
    }

    /// The granted scopes, in lower case.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl<S: AsRef<str>> FromIterator<S> for GrantedScopes {
    fn from_iter<I: IntoIterator<Item = S>>(scopes: I) -> Self {
        GrantedScopes(scopes.into_iter().map(|scope| scope.as_ref().trim().to_ascii_lowercase()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_granted_scope_meets_the_requirement_whatever_its_case() {
        let needed =
            ScopeRequirement::any_of(vec!["ZohoCRM.share.leads.READ".into(), "ZohoCRM.share.leads.ALL".into()]);
        assert!(needed.is_met_by(&GrantedScopes::parse("ZohoCRM.users.ALL,ZohoCRM.share.Leads.ALL")));
        assert!(!needed.is_met_by(&GrantedScopes::parse("ZohoCRM.share.contacts.READ ZohoCRM.share.leads.DELETE")));
        assert_eq!(needed.to_string(), "ZohoCRM.share.leads.READ or ZohoCRM.share.leads.ALL");
    }

    #[test]
    fn scopes_held_together_must_all_be_granted() {
        let needed =
            ScopeRequirement::any_of(vec!["ZohoCRM.modules.leads.READ".into(), "ZohoCRM.modules.leads.ALL".into()])
                .and_any_of(vec!["ZohoCRM.modules.notes.READ".into()])
                .and_any_of(Vec::new());
        assert_eq!(needed.all_of().count(), 2);
        assert!(needed.is_met_by(&GrantedScopes::parse("ZohoCRM.modules.leads.ALL,ZohoCRM.modules.notes.READ")));
        assert!(!needed.is_met_by(&GrantedScopes::parse("ZohoCRM.modules.leads.ALL")));
        assert!(!needed.is_met_by(&GrantedScopes::parse("ZohoCRM.modules.notes.READ")));
        assert_eq!(
            needed.to_string(),
            "(ZohoCRM.modules.leads.READ or ZohoCRM.modules.leads.ALL) and ZohoCRM.modules.notes.READ"
        );
    }

    #[test]
    fn a_scope_fills_its_template() {
        let scope = Scope::new("ZohoCRM.share.{module_name}.{operation_type}", "leads", "READ");
        assert_eq!(scope.to_string(), "ZohoCRM.share.leads.READ");
        assert_eq!(Scope::new("{operation_type}:{module_name}{x}", "deals", "ALL").to_string(), "ALL:deals{x}");
    }
}
