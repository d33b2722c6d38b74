//! Rust names that collide once spec names are converted.

use std::collections::BTreeMap;

use super::Checker;
use crate::diag::DocPath;
use crate::naming;

/// Type names the generated code defines or relies on; spec types must not take them.
pub const RESERVED_TYPES: &[&str] = &[
    // Generated for every spec.
    "ApiError",
    "ApiVersion",
    "BoundOperation",
    "Client",
    "ClientError",
    "CustomModule",
    "DataCentre",
    "DocumentedError",
    "Endpoint",
    "Environment",
    "ErrorInfo",
    "ErrorKind",
    "Module",
    "ModuleError",
    "Operation",
    "OperationType",
    "Scope",
    // The standard prelude and std names the generated code uses unqualified.
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Eq",
    "Err",
    "From",
    "Into",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Some",
    "String",
    "ToString",
    "Vec",
];

impl Checker<'_> {
    /// Every spec type and every operation's request and builder type share one namespace.
    pub(super) fn rust_names(&mut self) {
        let mut taken: BTreeMap<String, (DocPath, String)> = BTreeMap::new();
        let root = DocPath::root();
        let spec = self.spec;
        let types = [
            ("ids", spec.ids.iter().map(|t| t.name.as_deref()).collect::<Vec<_>>()),
            ("enums", spec.enums.iter().map(|t| t.name.as_deref()).collect()),
            ("models", spec.models.iter().map(|t| t.name.as_deref()).collect()),
        ];
        for (section, names) in types {
            for (index, name) in names.into_iter().enumerate() {
                let Some(name) = name else { continue };
                self.claim(
                    &mut taken,
                    naming::type_name(name),
                    &root.key(section).index(index).key("name"),
                    format!("type `{name}`"),
                );
            }
        }
        for (index, operation) in spec.operations.iter().enumerate() {
            let Some(name) = operation.name.as_deref() else { continue };
            let path = root.key("operations").index(index).key("name");
            let request = naming::type_name(name);
            self.claim(&mut taken, format!("{request}Builder"), &path, format!("the builder of operation `{name}`"));
            self.claim(&mut taken, format!("{request}Call"), &path, format!("the client call of operation `{name}`"));
            self.claim(&mut taken, request, &path, format!("the request of operation `{name}`"));
        }
    }

    fn claim(&mut self, taken: &mut BTreeMap<String, (DocPath, String)>, rust: String, path: &DocPath, what: String) {
        if rust.is_empty() {
            return;
        }
        if RESERVED_TYPES.contains(&rust.as_str()) {
            return self
                .error(path, format!("{what} would be the Rust type `{rust}`, which the generated code reserves"));
        }
        match taken.get(&rust) {
            // The same spec name twice is reported as a duplicate already.
            Some((_, other)) if *other == what => {}
            Some((first, other)) => {
                self.error(path, format!("{what} would be the Rust type `{rust}`, like {other} at {first}"))
            }
            None => {
                taken.insert(rust, (path.clone(), what));
            }
        }
    }
}
