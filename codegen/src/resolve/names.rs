//! Rust names that collide once spec names are converted.

use std::collections::BTreeMap;

use super::Resolver;
use crate::diag::DocPath;
use crate::model::Api;
use crate::model::naming;
use crate::model::reserved::{REQUEST_METHODS, RESERVED_TYPES};

impl Resolver<'_> {
    /// Checks on the Rust names of the whole model: every spec type, every field's enum of
    /// types by version and every operation's request, builder, call and answer type
    /// share one namespace, and each
    /// builder's methods (one setter, `set_` and `get_` per input, and its fixed methods)
    /// are all distinct.
    pub(super) fn rust_names(&mut self, api: &Api) {
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
        for (index, model) in api.models.iter().enumerate() {
            for (field_index, field) in model.fields.iter().enumerate() {
                if let (false, crate::model::Ty::Model(rust)) = (field.by_version.is_empty(), &field.ty) {
                    let path = root.key("models").index(index).key("fields").index(field_index).key("name");
                    let what = format!("the types by version of field `{}` of model `{}`", field.name, model.rust);
                    self.claim(&mut taken, rust.clone(), &path, what);
                }
            }
        }
        for (index, operation) in api.operations.iter().enumerate() {
            let path = root.key("operations").index(index);
            let name = &operation.name;
            let name_path = path.key("name");
            self.claim(&mut taken, operation.builder.clone(), &name_path, format!("the builder of operation `{name}`"));
            self.claim(
                &mut taken,
                operation.call.clone(),
                &name_path,
                format!("the client call of operation `{name}`"),
            );
            if let Some(output) = &operation.output_enum {
                self.claim(&mut taken, output.clone(), &name_path, format!("the answers of operation `{name}`"));
            }
            self.claim(&mut taken, operation.rust.clone(), &name_path, format!("the request of operation `{name}`"));
            self.builder_methods(api, operation, &path);
        }
    }

    /// A builder's methods must be distinct: an input `get_id` next to an input `id`, or
    /// an input named like a fixed method, would define one method twice.
    fn builder_methods(&mut self, api: &Api, operation: &crate::model::Operation, path: &DocPath) {
        let mut methods: BTreeMap<String, String> = REQUEST_METHODS
            .iter()
            .map(|method| ((*method).to_owned(), "the builder's own method".to_owned()))
            .collect();
        let body_fields = operation.body.as_deref().and_then(|body| api.model(body)).map(|model| &model.fields[..]);
        let inputs = operation
            .params
            .iter()
            .map(|param| (&param.rust, &param.name, "params"))
            .chain(body_fields.unwrap_or_default().iter().map(|field| (&field.rust, &field.name, "body")));
        for (rust, name, section) in inputs {
            let own = rust.trim_start_matches("r#").to_owned();
            if REQUEST_METHODS.contains(&own.as_str()) {
                // Reported with the parameters, with how to rename it.
                continue;
            }
            for method in [own, naming::prefixed("set_", rust), naming::prefixed("get_", rust)] {
                match methods.get(&method) {
                    // A body field and a parameter of one name are reported as a clash already.
                    Some(other) if *other == format!("input `{name}`") => {}
                    Some(other) => {
                        let at = if section == "params" {
                            let index =
                                operation.params.iter().position(|param| &param.name == name).unwrap_or_default();
                            path.key("params").index(index).key("name")
                        } else {
                            path.key("body")
                        };
                        self.error(
                            &at,
                            format!("input `{name}` gives the builder method `{method}`, which {other} also defines; name it otherwise and keep its `wire`"),
                        );
                        break;
                    }
                    None => {
                        methods.insert(method, format!("input `{name}`"));
                    }
                }
            }
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
