//! The format stage: tokens to source text, with the `@generated` header.

use proc_macro2::TokenStream;

use crate::emit::Piece;

/// Formats generated tokens as Rust source, headed by a note naming the spec.
pub fn format(tokens: TokenStream, spec_name: &str) -> Result<String, String> {
    format_pieces([Piece { tokens, feature: None }], spec_name)
}

/// Formats generated code piece by piece, in order, headed by a note naming the spec.
/// Printing the items of a file one group after another gives the same text as printing
/// the file at once; one piece at a time keeps only a small syntax tree alive.
pub(crate) fn format_pieces(pieces: impl IntoIterator<Item = Piece>, spec_name: &str) -> Result<String, String> {
    let mut text = header(spec_name);
    for piece in pieces {
        let mut file: syn::File = syn::parse2(piece.tokens)
            .map_err(|err| format!("internal error: the generated code does not parse: {err}"))?;
        if let Some(feature) = &piece.feature {
            for item in &mut file.items {
                attributes_of(item)?.insert(0, syn::parse_quote!(#[cfg(feature = #feature)]));
            }
        }
        unparse_items(file.items, &mut text);
    }
    Ok(text)
}

/// The outer attributes of an item, to add a gate to.
fn attributes_of(item: &mut syn::Item) -> Result<&mut Vec<syn::Attribute>, String> {
    use syn::Item;
    Ok(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::ExternCrate(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::ForeignMod(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::TraitAlias(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return Err("internal error: a gated item has no attributes to gate it with".to_owned()),
    })
}

/// Formats items as prettyplease does, except that an item macro whose body is itself an
/// item (the runtime's `open_enum! { pub enum … }`, …) has
/// that body formatted as code too, where prettyplease would print its tokens in a run.
fn unparse_items(items: Vec<syn::Item>, text: &mut String) {
    let mut plain = Vec::new();
    for item in items {
        match macro_with_item_body(&item) {
            Some((path, body)) => {
                text.push_str(&prettyplease::unparse(&file_of(std::mem::take(&mut plain))));
                text.push_str(&outer_attributes(&item));
                text.push_str(&format!("{path}! {{\n"));
                for line in prettyplease::unparse(&file_of(vec![body])).lines() {
                    if !line.is_empty() {
                        text.push_str("    ");
                        text.push_str(line);
                    }
                    text.push('\n');
                }
                text.push_str("}\n");
            }
            None => plain.push(item),
        }
    }
    if !plain.is_empty() {
        text.push_str(&prettyplease::unparse(&file_of(plain)));
    }
}

/// The path (as written) and the body of an item macro invoked with braces whose body
/// parses as one item.
fn macro_with_item_body(item: &syn::Item) -> Option<(String, syn::Item)> {
    let syn::Item::Macro(item) = item else { return None };
    if item.ident.is_some() || !matches!(item.mac.delimiter, syn::MacroDelimiter::Brace(_)) {
        return None;
    }
    let body = syn::parse2::<syn::Item>(item.mac.tokens.clone()).ok()?;
    let path = item.mac.path.segments.iter().map(|segment| segment.ident.to_string()).collect::<Vec<_>>().join("::");
    let path = if item.mac.path.leading_colon.is_some() { format!("::{path}") } else { path };
    Some((path, body))
}

/// The outer attributes of an item macro (a `#[cfg]` that gates it), formatted as
/// prettyplease formats attributes: on a stand-in item whose own line is then dropped.
fn outer_attributes(item: &syn::Item) -> String {
    let syn::Item::Macro(item) = item else { return String::new() };
    if item.attrs.is_empty() {
        return String::new();
    }
    let attrs = &item.attrs;
    let stand_in: syn::Item = syn::parse_quote! { #(#attrs)* struct StandIn; };
    let text = prettyplease::unparse(&file_of(vec![stand_in]));
    text.lines().filter(|line| !line.starts_with("struct StandIn")).map(|line| format!("{line}\n")).collect()
}

fn file_of(items: Vec<syn::Item>) -> syn::File {
    syn::File { shebang: None, attrs: Vec::new(), items }
}

/// The first lines of every generated file. Only the spec's file name appears (not its
/// path), so that output is the same on every machine.
pub fn header(spec_name: &str) -> String {
    format!(
        "// @generated by zoho-crm-codegen from {spec_name}. Do not edit by hand:\n\
         // change the spec (or the generator) and generate again.\n\n"
    )
}
