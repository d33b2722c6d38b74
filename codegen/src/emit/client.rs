//! The async client: `Client`, and per operation a fluent call that collects inputs and
//! sends. It needs the runtime's `client` feature.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, ident, prefixed_ident, rust_type, setter_type};
use crate::model::{Api, Model, Operation, Ty};

/// The client and its constructors of calls, then one piece per operation's call.
pub(super) fn emit(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    let constructors = constructors(api);
    std::iter::once(client(&format!("the {} API", api.name), constructors)).chain(calls(api))
}

/// The client's methods that start each operation's call.
pub(super) fn constructors(api: &Api) -> TokenStream {
    super::concat(api.operations.iter().map(call_constructor))
}

/// One piece per operation's call.
pub(super) fn calls(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    api.operations.iter().map(|operation| call(operation, operation.body.as_deref().and_then(|name| api.model(name))))
}

/// `ClientError` and `Client` with `constructors` among its methods; `of` says whose
/// client it is ("the Tags API").
pub(super) fn client(of: &str, constructors: TokenStream) -> TokenStream {
    let client_doc = doc(&format!(
        "An async client of {of}: one method per operation, whose call is sent with `send`.\n\n\
         It sends through an `HttpClient`, which holds the tokens, timeouts and retry policy."
    ));
    quote! {
        /// What can go wrong in a call.
        pub type ClientError = rt::client::Error<ApiError>;

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            endpoint: Endpoint,
            http: rt::client::HttpClient,
        }

        impl Client {
            /// A client of `endpoint` (a data centre, or an explicit base URL) that sends through `http`.
            pub fn new(endpoint: impl Into<Endpoint>, http: rt::client::HttpClient) -> Client {
                Client { endpoint: endpoint.into(), http }
            }

            /// Where requests go, unless the token names another API domain.
            pub fn endpoint(&self) -> &Endpoint {
                &self.endpoint
            }

            /// The HTTP side: tokens, timeouts, retries.
            pub fn http(&self) -> &rt::client::HttpClient {
                &self.http
            }

            /// Sends a request built with its builder.
            pub async fn send<O>(&self, operation: &O) -> Result<O::Output, ClientError>
            where
                O: rt::Operation<Version = ApiVersion, Error = ApiError> + ::core::marker::Sync,
                O::Output: ::core::marker::Send,
            {
                self.http.execute(&rt::client::Bound::new(operation, &self.endpoint)).await
            }

            #constructors
        }
    }
}

/// Inputs that a call takes as arguments: the required parameters.
fn arguments(operation: &Operation) -> impl Iterator<Item = &crate::model::Param> {
    operation.params.iter().filter(|param| param.required)
}

fn call_constructor(operation: &Operation) -> TokenStream {
    let method = ident(&operation.call_method);
    let (call, request) = (ident(&operation.call), ident(&operation.rust));
    let params = arguments(operation).map(|param| {
        let (arg, ty) = (super::argument(&param.rust), setter_type(&param.ty));
        quote!(#arg: #ty)
    });
    // A required list is given whole (its setter would add one item).
    let sets = arguments(operation).map(|param| {
        let arg = super::argument(&param.rust);
        match param.ty {
            Ty::List(_) => {
                let setter = prefixed_ident("set_", &param.rust);
                quote!(.#setter(Some(#arg)))
            }
            _ => {
                let setter = ident(&param.rust);
                quote!(.#setter(#arg))
            }
        }
    });
    let text = doc(&format!("{} Set the other inputs on the call, then `send` it.", operation.doc));
    quote! {
        #text
        pub fn #method(&self, #(#params),*) -> #call<'_> {
            #call { client: self, builder: #request::builder() #(#sets)* }
        }
    }
}

fn call(operation: &Operation, body: Option<&Model>) -> TokenStream {
    let (call, builder) = (ident(&operation.call), ident(&operation.builder));
    let response = super::operations::output_type(operation);
    let optional_params = operation
        .params
        .iter()
        .filter(|param| !param.required)
        .map(|param| (param.rust.as_str(), param.name.as_str(), param.doc.as_str(), &param.ty));
    let body_fields = body
        .into_iter()
        .flat_map(|body| &body.fields)
        .map(|field| (field.rust.as_str(), field.name.as_str(), field.doc.as_str(), &field.ty));
    let setters = optional_params.chain(body_fields).map(|(rust, name, text, ty)| forward(rust, name, text, ty));
    let call_doc = doc(&format!("A call of `{}` being prepared: set its inputs, then `send` it.", operation.name));
    quote! {
        #call_doc
        #[derive(Clone, Debug)]
        pub struct #call<'c> {
            client: &'c Client,
            builder: #builder,
        }

        impl #call<'_> {
            #(#setters)*

            /// The API version to use instead of the endpoint's.
            pub fn version(mut self, version: ApiVersion) -> Self {
                self.builder = self.builder.version(version);
                self
            }

            /// Checks every input, then sends the request (retrying as the client's policy allows) and reads the answer.
            pub async fn send(self) -> Result<#response, ClientError> {
                let request = self.builder.build().map_err(rt::client::Error::Build)?;
                self.client.send(&request).await
            }
        }
    }
}

/// A setter of the call that forwards to the builder's.
fn forward(rust: &str, name: &str, text: &str, ty: &Ty) -> TokenStream {
    let setter = ident(rust);
    let set = prefixed_ident("set_", rust);
    let value = format_ident!("value");
    let (arg, add) = match ty {
        Ty::List(item) => (setter_type(item), format!("Adds one item to `{name}`: {text}")),
        _ => (setter_type(ty), format!("Sets `{name}`: {text}")),
    };
    let (add_doc, set_doc) = (doc(&add), doc(&format!("Sets or clears `{name}`.")));
    let whole = rust_type(ty);
    quote! {
        #add_doc
        pub fn #setter(mut self, #value: #arg) -> Self {
            self.builder = self.builder.#setter(#value);
            self
        }

        #set_doc
        pub fn #set(mut self, #value: Option<#whole>) -> Self {
            self.builder = self.builder.#set(#value);
            self
        }
    }
}
