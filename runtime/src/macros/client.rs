//! `client!`: the async client of an API, without its per-operation methods.

/// Defines the async client of an API: a struct holding the [`Endpoint`](crate::Endpoint)
/// and the [`HttpClient`](crate::client::HttpClient), with `new`, `endpoint`, `http` and a
/// `send` for any operation of the API. The marker `#[client(version = V, error = E)]`
/// names the API's version and error enums. Generated code adds one method per operation
/// in an `impl` block of its own.
///
/// ```
/// # zoho_crm_runtime::value_enum! {
/// #     /// The versions.
/// #     #[value_enum(what = "API version")]
/// #     #[derive(PartialOrd, Ord)]
/// #     pub enum ApiVersion {
/// #         V1 = "v1",
/// #     }
/// # }
/// # impl zoho_crm_runtime::Version for ApiVersion {
/// #     const DEFAULT: ApiVersion = ApiVersion::V1;
/// #     fn as_str(self) -> &'static str {
/// #         ApiVersion::as_str(self)
/// #     }
/// # }
/// # zoho_crm_runtime::error_kinds! {
/// #     /// What an error means.
/// #     pub enum ErrorKind {
/// #         #[kind(description = "Try later.", codes = ["BUSY"], retryable = true, renews_token = false)]
/// #         Busy,
/// #     }
/// # }
/// # impl ErrorKind {
/// #     fn classify(code: &str, _message: &str) -> Option<ErrorKind> {
/// #         (code == "BUSY").then_some(ErrorKind::Busy)
/// #     }
/// # }
/// # const FORMAT: zoho_crm_runtime::ErrorFormat = zoho_crm_runtime::ErrorFormat {
/// #     code: "code", message: "message", details: "details", status: "status", error_value: "error",
/// # };
/// # zoho_crm_runtime::api_error! {
/// #     /// An error answer.
/// #     #[api_error(kind = ErrorKind, details = serde_json::Value, format = FORMAT)]
/// #     pub enum ApiError {
/// #         /// Try later.
/// #         Busy,
/// #         #[undocumented]
/// #         Undocumented,
/// #     }
/// # }
/// zoho_crm_runtime::client! {
///     /// A client of the API.
///     #[client(version = ApiVersion, error = ApiError)]
///     pub struct Client;
/// }
///
/// let http = zoho_crm_runtime::client::HttpClient::builder(zoho_crm_runtime::client::StaticToken::new("token"))
///     .build()
///     .unwrap();
/// let client = Client::new(zoho_crm_runtime::Endpoint::with_base_url("http://127.0.0.1:1".parse().unwrap()), http);
/// assert_eq!(client.endpoint().version(), ApiVersion::V1);
/// ```
#[macro_export]
macro_rules! client {
    (
        $(#[doc = $doc:literal])*
        #[client(version = $version:ty, error = $error:ty $(,)?)]
        pub struct $name:ident;
    ) => {
        $(#[doc = $doc])*
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        pub struct $name {
            endpoint: $crate::Endpoint<$version>,
            http: $crate::client::HttpClient,
        }

        impl $name {
            /// A client of `endpoint` (a data centre, or an explicit base URL) that sends
            /// through `http`.
            pub fn new(
                endpoint: impl ::core::convert::Into<$crate::Endpoint<$version>>,
                http: $crate::client::HttpClient,
            ) -> $name {
                $name { endpoint: endpoint.into(), http }
            }

            /// Where requests go, unless the token names another API domain.
            pub fn endpoint(&self) -> &$crate::Endpoint<$version> {
                &self.endpoint
            }

            /// The HTTP side: tokens, timeouts, retries.
            pub fn http(&self) -> &$crate::client::HttpClient {
                &self.http
            }

            /// Sends a request built with its builder.
            pub async fn send<O>(
                &self,
                operation: &O,
            ) -> ::core::result::Result<O::Output, $crate::client::Error<$error>>
            where
                O: $crate::Operation<Version = $version, Error = $error> + ::core::marker::Sync,
                O::Output: ::core::marker::Send,
            {
                self.http.execute(&$crate::client::Bound::new(operation, &self.endpoint)).await
            }
        }
    };
}
