//! OAuth scopes: what a request needs and what a token was granted.

use std::collections::BTreeSet;
use std::fmt;

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
}
