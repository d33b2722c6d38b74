//! Object models: the struct with its serde mapping, constructors, the version-aware
//! encoder, and (for request models) the pre-send checks.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Context, doc, ident, lit, rust_type, setter_type, setter_value, version_variant};
use crate::model::reserved::UNKNOWN_FIELDS;
use crate::model::{Api, Field, KeyPath, ListRules, Model, Presence, Ty};

/// One piece per model: its type, constructors, wire form and, for request models, checks.
pub(super) fn emit<'a>(api: &'a Api, context: &'a Context) -> impl Iterator<Item = TokenStream> + 'a {
    api.models.iter().map(move |model| {
        let checks = model.in_request.then(|| checks(model));
        let rules = model.in_request.then(|| rule_table(model));
        let parts = [definition(model, context), constructors(model), to_wire(model)];
        super::concat(parts.into_iter().chain(checks).chain(rules))
    })
}

fn definition(model: &Model, context: &Context) -> TokenStream {
    let name = ident(&model.rust);
    let type_doc = doc(&model.doc);
    let default = model.has_default.then(|| quote!(Default,));
    let serde_crate = lit(&context.serde_crate);
    let fields = model.fields.iter().map(|field| field_definition(model, field));
    let absent_values = model.fields.iter().filter_map(|field| absent_value_function(model, field));
    let unknown = model.keep_unknown.then(|| {
        let unknown = ident(UNKNOWN_FIELDS);
        quote! {
            /// Keys Zoho sent that this model does not list, kept as they came.
            #[serde(flatten)]
            pub #unknown: ::std::collections::BTreeMap<String, rt::serde_json::Value>,
        }
    });
    quote! {
        #type_doc
        #[derive(Clone, Debug, #default PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
        #[serde(crate = #serde_crate)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #unknown
        }

        #(#absent_values)*
    }
}

/// The name of the function that gives a field's `absent_means` value.
fn absent_value_name(model: &Model, field: &Field) -> Ident {
    format_ident!(
        "{}_{}_when_absent",
        crate::model::naming::field_name(&model.rust),
        field.rust.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// `fn …_when_absent() -> Enum`, for serde's `default = "…"`.
fn absent_value_function(model: &Model, field: &Field) -> Option<TokenStream> {
    let value = lit(field.absent_means.as_ref()?);
    let (name, ty) = (absent_value_name(model, field), rust_type(&field.ty));
    Some(quote! {
        fn #name() -> #ty {
            #ty::from(#value)
        }
    })
}

fn field_definition(model: &Model, field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let mut text = field.doc.clone();
    if let Some(legacy) = &field.legacy {
        text.push_str(&format!("\n\nJSON key `{}`; `{}` before `{}`.", field.wire, legacy.wire, legacy.before.wire));
    }
    if let Some(since) = &field.since {
        text.push_str(&format!("\n\nSent from `{}` on.", since.wire));
    }
    if let Some(value) = &field.absent_means {
        text.push_str(&format!(" An absent key means `{value}`."));
    }
    if field.one_or_list {
        text.push_str("\n\nOne object in place of the list (as some versions send) reads as a list of one.");
    }
    let field_doc = doc(&text);
    let wire = lit(&field.wire);
    let alias = field.legacy.as_ref().map(|legacy| {
        let wire = lit(&legacy.wire);
        quote!(alias = #wire)
    });
    let ty = rust_type(&field.ty);
    let (presence, ty) = match field.presence {
        Presence::Required if field.absent_means.is_some() => {
            let function = lit(&absent_value_name(model, field).to_string());
            (Some(quote!(default = #function)), ty)
        }
        Presence::Required => (None, ty),
        Presence::Optional => (Some(quote!(default, skip_serializing_if = "Option::is_none")), quote!(Option<#ty>)),
        Presence::Defaulted => (Some(quote!(default)), ty),
    };
    let one_or_list = field.one_or_list.then(|| match field.presence {
        Presence::Optional => quote!(deserialize_with = "rt::one_or_list_option"),
        Presence::Required | Presence::Defaulted => quote!(deserialize_with = "rt::one_or_list"),
    });
    // The attribute names the key only where serde would not take the field's name for it.
    let mut options: Vec<TokenStream> = Vec::new();
    if field.rust != field.wire {
        options.push(quote!(rename = #wire));
    }
    options.extend([alias, presence, one_or_list].into_iter().flatten());
    let attribute = (!options.is_empty()).then(|| quote!(#[serde(#(#options),*)]));
    quote! {
        #field_doc
        #attribute
        pub #name: #ty,
    }
}

fn constructors(model: &Model) -> TokenStream {
    let name = ident(&model.rust);
    let required: Vec<&Field> = model.fields.iter().filter(|field| field.presence == Presence::Required).collect();
    let params = required.iter().map(|field| {
        let arg = super::argument(&field.rust);
        let ty = setter_type(&field.ty);
        quote!(#arg: #ty)
    });
    let inits = model.fields.iter().map(|field| {
        let (name, arg) = (ident(&field.rust), super::argument(&field.rust));
        match field.presence {
            Presence::Required => match field.ty {
                Ty::String | Ty::Id(_) => quote!(#name: #arg.into()),
                _ if name == arg => quote!(#name),
                _ => quote!(#name: #arg),
            },
            Presence::Optional => quote!(#name: ::core::option::Option::None),
            Presence::Defaulted => quote!(#name: ::core::default::Default::default()),
        }
    });
    let unknown = model.keep_unknown.then(|| {
        let unknown = ident(UNKNOWN_FIELDS);
        quote!(#unknown: ::std::collections::BTreeMap::new(),)
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = if required.is_empty() {
        format!("An empty `{}`.", model.rust)
    } else {
        format!("A `{}` with its required fields; the others start empty.", model.rust)
    };
    let new_doc_attr = doc(&new_doc);
    let setters = model.fields.iter().filter(|field| field.presence != Presence::Required).map(setter);
    // A model with a derived `Default` starts from it: the same empty fields.
    let body = if required.is_empty() && model.has_default {
        quote!(#name::default())
    } else {
        quote!(#name { #(#inits,)* #unknown })
    };
    quote! {
        impl #name {
            #new_doc_attr
            #many
            pub fn new(#(#params),*) -> #name {
                #body
            }

            #(#setters)*
        }
    }
}

fn setter(field: &Field) -> TokenStream {
    let field_ident = ident(&field.rust);
    let method = format_ident!("with_{}", field.rust.trim_start_matches("r#").trim_start_matches('_'));
    let arg = format_ident!("value");
    let ty = setter_type(&field.ty);
    let value = setter_value(&field.ty, &arg);
    let assigned = match field.presence {
        Presence::Optional => quote!(Some(#value)),
        _ => value,
    };
    let text = format!("Sets `{}`: {}", field.name, field.doc);
    let setter_doc = doc(&text);
    quote! {
        #setter_doc
        pub fn #method(mut self, #arg: #ty) -> Self {
            self.#field_ident = #assigned;
            self
        }
    }
}

fn to_wire(model: &Model) -> TokenStream {
    let name = ident(&model.rust);
    let puts: Vec<TokenStream> = model.fields.iter().map(wire_put).collect();
    let unknown = model.keep_unknown.then(|| {
        let unknown = ident(UNKNOWN_FIELDS);
        quote!(wire.keep_unknown(&self.#unknown);)
    });
    let is_empty = puts.is_empty() && unknown.is_none();
    let wire = if is_empty { quote!(let wire) } else { quote!(let mut wire) };
    quote! {
        impl rt::ToWire<ApiVersion> for #name {
            fn to_wire(&self, version: ApiVersion) -> rt::serde_json::Value {
                #wire = rt::WireObject::new(version);
                #(#puts)*
                #unknown
                wire.finish()
            }
        }
    }
}

/// Inserts one field under the key its version uses, when the version has it.
fn wire_put(field: &Field) -> TokenStream {
    let name = ident(&field.rust);
    let wire = lit(&field.wire);
    let key = match &field.legacy {
        Some(legacy) => {
            let before = version_variant(&legacy.before.rust);
            let old = lit(&legacy.wire);
            quote!(if version < #before { #old } else { #wire })
        }
        None => quote!(#wire),
    };
    let insert = match field.presence {
        Presence::Optional => quote! { wire.put_some(#key, &self.#name); },
        _ => quote! { wire.put(#key, &self.#name); },
    };
    match &field.since {
        Some(since) => {
            let since = version_variant(&since.rust);
            quote! { if version >= #since { #insert } }
        }
        None => insert,
    }
}

fn checks(model: &Model) -> TokenStream {
    let name = ident(&model.rust);
    let checks: Vec<TokenStream> = model.fields.iter().filter_map(field_checks).collect();
    let (path, version) = if checks.is_empty() {
        (format_ident!("_path"), format_ident!("_version"))
    } else {
        (format_ident!("path"), format_ident!("version"))
    };
    quote! {
        impl rt::Check<ApiVersion> for #name {
            fn check(&self, #path: &rt::FieldPath<'_>, #version: Option<ApiVersion>) -> Result<(), rt::BuildError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// The checks of one field, if it needs any: its value, its version, its list rules.
fn field_checks(field: &Field) -> Option<TokenStream> {
    let name = ident(&field.rust);
    let path_name = lit(&field.name);
    let value =
        needs_check(&field.ty).then(|| quote! { rt::Check::check(&self.#name, &path.field(#path_name), version)?; });
    let since = match (&field.since, field.presence) {
        (Some(since), Presence::Optional) => {
            let since = version_variant(&since.rust);
            Some(quote! {
                rt::check_since(&path.field(#path_name), self.#name.is_some(), #since, version)?;
            })
        }
        _ => None,
    };
    let rules = list_rules(field);
    (value.is_some() || since.is_some() || rules.is_some()).then(|| quote! { #value #since #rules })
}

/// Whether a value of this type has anything to check (IDs, enums, models).
fn needs_check(ty: &Ty) -> bool {
    match ty {
        Ty::Id(_) | Ty::Enum(_) | Ty::Model(_) => true,
        Ty::List(inner) | Ty::Outcome(inner) => needs_check(inner),
        _ => false,
    }
}

fn list_rules(field: &Field) -> Option<TokenStream> {
    let ListRules { min_items, max_items, max_by, alone_when } = &field.rules;
    if min_items.is_none() && max_items.is_none() && max_by.is_none() && alone_when.is_none() {
        return None;
    }
    let name = ident(&field.rust);
    let list_name = lit(&field.name);
    let count = (min_items.is_some() || max_items.is_some()).then(|| {
        let (min, max) = (optional_usize(*min_items), optional_usize(*max_items));
        quote! { rt::check_item_count(&list_path, items.len(), #min, #max)?; }
    });
    let per_value = max_by.as_ref().map(|by| {
        let key_fn = key_function(&by.key);
        let (key_enum, key_display) = (ident(&by.key.enum_rust), lit(&by.key.display));
        let arms = by.limits.iter().enumerate().map(|(index, (value, _))| {
            let (value, index) = (lit(value), Literal::usize_unsuffixed(index));
            quote!(Some(#value) => counts[#index] += 1,)
        });
        let limits = by.limits.iter().enumerate().map(|(index, (value, max))| {
            let (value, index, max) = (lit(value), Literal::usize_unsuffixed(index), Literal::usize_unsuffixed(*max));
            quote!(rt::check_count_limit(&list_path, #key_display, #value, counts[#index], #max)?;)
        });
        let slots = Literal::usize_unsuffixed(by.limits.len());
        quote! {
            {
                #key_fn
                let mut counts = [0usize; #slots];
                for item in items {
                    match key(item).map(#key_enum::as_str) {
                        #(#arms)*
                        _ => {}
                    }
                }
                #(#limits)*
            }
        }
    });
    let alone = alone_when.as_ref().map(|alone| {
        let key_fn = key_function(&alone.key);
        let key_enum = ident(&alone.key.enum_rust);
        let (equals, key_display) = (lit(&alone.equals), lit(&alone.key.display));
        let steps = alone.key.display.split('.').map(|step| quote!(.field(#step)));
        quote! {
            if items.len() > 1 {
                #key_fn
                if let Some(index) = items.iter().position(|item| key(item).map(#key_enum::as_str) == Some(#equals)) {
                    return Err(rt::must_stand_alone(&list_path.index(index) #(#steps)*, #key_display, #equals, #list_name));
                }
            }
        }
    });
    let body = quote! {
        let list_path = path.field(#list_name);
        #count
        #per_value
        #alone
    };
    Some(match field.presence {
        Presence::Optional => quote! { if let Some(items) = &self.#name { #body } },
        _ => quote! { { let items = &self.#name; #body } },
    })
}

/// The model's list rules as data (`LIST_RULES`), for code that applies them elsewhere,
/// such as a test server; nothing when the model has none.
fn rule_table(model: &Model) -> TokenStream {
    let rules: Vec<TokenStream> = model
        .fields
        .iter()
        .filter(|field| field.rules != ListRules::default())
        .map(|field| {
            let ListRules { min_items, max_items, max_by, alone_when } = &field.rules;
            let (list, min, max) = (lit(&field.name), optional_usize(*min_items), optional_usize(*max_items));
            let by_key = match max_by {
                Some(by) => {
                    let key = lit(&by.key.display);
                    quote!(::core::option::Option::Some(#key))
                }
                None => quote!(::core::option::Option::None),
            };
            let limits = max_by.iter().flat_map(|by| &by.limits).map(|(value, limit)| {
                let (value, limit) = (lit(value), Literal::usize_unsuffixed(*limit));
                quote!((#value, #limit))
            });
            let alone = match alone_when {
                Some(alone) => {
                    let (key, equals) = (lit(&alone.key.display), lit(&alone.equals));
                    quote!(::core::option::Option::Some((#key, #equals)))
                }
                None => quote!(::core::option::Option::None),
            };
            quote! {
                rt::ListRule { field: #list, min_items: #min, max_items: #max, max_by_key: #by_key, max_by: &[#(#limits),*], alone_when: #alone }
            }
        })
        .collect();
    if rules.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&model.rust);
    quote! {
        impl #name {
            /// The rules on this model's lists, as the spec states them.
            pub const LIST_RULES: &'static [rt::ListRule] = &[#(#rules),*];
        }
    }
}

fn optional_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(value) => {
            let value = Literal::usize_unsuffixed(value);
            quote!(Some(#value))
        }
        None => quote!(None),
    }
}

/// `fn key(item: &Item) -> Option<&Enum>`: follows a key path, `None` where a step is absent.
fn key_function(key: &KeyPath) -> TokenStream {
    let (item, key_enum) = (ident(&key.item_model), ident(&key.enum_rust));
    let mut expr = quote!(item);
    let last = key.steps.len().saturating_sub(1);
    let mut wrapped = false;
    for (position, (step, optional)) in key.steps.iter().enumerate() {
        let step: Ident = ident(step);
        expr = match (*optional, position == last) {
            (true, true) => {
                wrapped = true;
                quote!(#expr.#step.as_ref())
            }
            (true, false) => quote!(#expr.#step.as_ref()?),
            (false, _) => quote!(#expr.#step),
        };
    }
    let body = if wrapped { expr } else { quote!(Some(&#expr)) };
    quote! {
        fn key(item: &#item) -> Option<&#key_enum> {
            #body
        }
    }
}
