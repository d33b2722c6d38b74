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

/// The scopes that allow a request: any one of them is enough.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeRequirement {
    any_of: Vec<String>,
}

impl ScopeRequirement {
    /// A requirement met by any one of `scopes`.
    pub fn any_of(scopes: Vec<String>) -> Self {
        ScopeRequirement { any_of: scopes }
    }

    /// The scopes, any one of which allows the request, most specific first.
    pub fn scopes(&self) -> &[String] {
        &self.any_of
    }

    /// Whether `granted` holds one of the scopes.
    pub fn is_met_by(&self, granted: &GrantedScopes) -> bool {
        self.any_of.iter().any(|scope| granted.contains(scope))
    }
}

impl fmt::Display for ScopeRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.any_of.join(" or "))
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
    fn a_scope_fills_its_template() {
        let scope = Scope::new("ZohoCRM.share.{module_name}.{operation_type}", "leads", "READ");
        assert_eq!(scope.to_string(), "ZohoCRM.share.leads.READ");
        assert_eq!(Scope::new("{operation_type}:{module_name}{x}", "deals", "ALL").to_string(), "ALL:deals{x}");
    }
}
