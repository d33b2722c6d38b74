//! `error_kinds!` (what documented errors mean) and `api_error!` (the error enum).

/// Defines the enum of documented error kinds: one variant per meaning, each marked
/// `#[kind(description = "…", codes = ["…"], retryable = …, renews_token = …)]`, with
/// `ALL`, `name`, `description`, `codes`, `is_retryable`, `renews_token` and `Display`.
/// Each variant's documentation is made from its description and codes. How an error
/// code and message map to a kind (`classify`) is the spec's, and written apart.
///
/// ```
/// zoho_crm_runtime::error_kinds! {
///     /// What an error means.
///     pub enum ErrorKind {
///         #[kind(description = "Try later.", codes = ["BUSY"], retryable = true, renews_token = false)]
///         Busy,
///     }
/// }
///
/// assert_eq!(ErrorKind::Busy.codes(), ["BUSY"]);
/// assert!(ErrorKind::Busy.is_retryable());
/// ```
#[macro_export]
macro_rules! error_kinds {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $(
                $(#[doc = $kind_doc:literal])*
                #[kind(
                    description = $description:literal,
                    codes = [$($code:literal),* $(,)?],
                    retryable = $retryable:tt,
                    renews_token = $renews_token:tt $(,)?
                )]
                $variant:ident
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(
            ::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq,
            ::core::cmp::Eq, ::core::hash::Hash,
        )]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[doc = $kind_doc])*
                #[doc = $crate::__retry_note!($retryable)]
                ///
                #[doc = ::core::concat!("Codes:" $(, " `", $code, "`")*, ".")]
                $variant,
            )*
        }

        impl $name {
            /// Every kind.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The kind's name, e.g. `EntityIdInvalid`.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => ::core::stringify!($variant),)*
                }
            }

            /// What the kind means.
            pub const fn description(self) -> &'static str {
                match self {
                    $($name::$variant => $description,)*
                }
            }

            /// The error codes the API sends with this kind.
            pub const fn codes(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$($code),*],)*
                }
            }

            /// Whether sending the same request again may succeed.
            pub const fn is_retryable(self) -> bool {
                match self {
                    $($name::$variant => $retryable,)*
                }
            }

            /// Whether the kind means the access token is invalid or expired.
            pub const fn renews_token(self) -> bool {
                match self {
                    $($name::$variant => $renews_token,)*
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

/// The sentence a retryable kind's documentation ends with; for [`error_kinds!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __retry_note {
    (true) => {
        " Retrying may help."
    };
    (false) => {
        ""
    };
}

/// Defines the error enum of an API: one variant per documented kind (the variants of
/// the kind enum, in the same order and with the same names), then the variant marked
/// `#[undocumented]` for any other error. Each variant boxes the
/// [`ErrorInfo`](crate::ErrorInfo) of the answer.
///
/// The marker `#[api_error(kind = K, details = D, format = F)]` names the kind enum (with
/// a `classify(code, message)` function), the details model (`Default` and serde) and the
/// [`ErrorFormat`](crate::ErrorFormat) constant of error objects. The enum gets the
/// accessors (`code`, `message`, `status`, `details`, `raw_body`, `retry_after`,
/// `is_retryable`, …), `Display`, `Error`, and the runtime's
/// [`FromErrorBody`](crate::FromErrorBody), [`ServiceError`](crate::ServiceError) and
/// [`ErrorEnum`](crate::ErrorEnum).
///
/// ```
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
/// const FORMAT: zoho_crm_runtime::ErrorFormat = zoho_crm_runtime::ErrorFormat {
///     code: "code", message: "message", details: "details", status: "status", error_value: "error",
/// };
///
/// zoho_crm_runtime::api_error! {
///     /// An error answer.
///     #[api_error(kind = ErrorKind, details = serde_json::Value, format = FORMAT)]
///     pub enum ApiError {
///         /// Try later.
///         Busy,
///         #[undocumented]
///         Undocumented,
///     }
/// }
///
/// let info = zoho_crm_runtime::ErrorInfo::new("BUSY".into(), "wait".into(), None, serde_json::Value::Null, String::new(), None);
/// let error = ApiError::new(info);
/// assert_eq!(error.kind(), Some(ErrorKind::Busy));
/// assert_eq!(error.to_string(), "BUSY: wait");
/// ```
#[macro_export]
macro_rules! api_error {
    (
        $(#[doc = $doc:literal])*
        #[api_error(kind = $kind:ident, details = $details:ty, format = $format:path $(,)?)]
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $variant:ident,
            )*
            #[undocumented]
            $undocumented:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[doc = $variant_doc])*
                $variant(::std::boxed::Box<$crate::ErrorInfo<$details>>),
            )*
            /// An error the documentation does not list; its code, message, status,
            /// details and raw body are kept.
            $undocumented(::std::boxed::Box<$crate::ErrorInfo<$details>>),
        }

        impl $name {
            /// Classifies an error by its code and message.
            pub fn new(info: $crate::ErrorInfo<$details>) -> $name {
                let info = ::std::boxed::Box::new(info);
                match $kind::classify(&info.code, &info.message) {
                    $(::core::option::Option::Some($kind::$variant) => $name::$variant(info),)*
                    ::core::option::Option::None => $name::$undocumented(info),
                }
            }

            /// The documented meaning; `None` for an undocumented error.
            pub fn kind(&self) -> ::core::option::Option<$kind> {
                match self {
                    $($name::$variant(_) => ::core::option::Option::Some($kind::$variant),)*
                    $name::$undocumented(_) => ::core::option::Option::None,
                }
            }

            /// Everything the error carries.
            pub fn info(&self) -> &$crate::ErrorInfo<$details> {
                match self {
                    $($name::$variant(info))|* | $name::$undocumented(info) => info,
                }
            }

            /// Everything the error carries, by value.
            pub fn into_info(self) -> $crate::ErrorInfo<$details> {
                match self {
                    $($name::$variant(info))|* | $name::$undocumented(info) => *info,
                }
            }

            /// The error code, e.g. `INVALID_DATA`.
            pub fn code(&self) -> &str {
                &self.info().code
            }

            /// The message, e.g. `ENTITY_ID_INVALID`.
            pub fn message(&self) -> &str {
                &self.info().message
            }

            /// The HTTP status of the answer; `None` for an error about one item of a
            /// request that acts on several.
            pub fn status(&self) -> ::core::option::Option<$crate::http::StatusCode> {
                self.info().status
            }

            /// The details the API gave.
            pub fn details(&self) -> &$details {
                &self.info().details
            }

            /// The text of the answer the error came in.
            pub fn raw_body(&self) -> &str {
                &self.info().raw_body
            }

            /// How long the API asked to wait before retrying, if it said.
            pub fn retry_after(&self) -> ::core::option::Option<::core::time::Duration> {
                self.info().retry_after
            }

            /// Whether sending the same request again may succeed: documented kinds say
            /// so themselves; undocumented errors may pass when rate-limited or on a
            /// server error.
            pub fn is_retryable(&self) -> bool {
                match self.kind() {
                    ::core::option::Option::Some(kind) => kind.is_retryable(),
                    ::core::option::Option::None => $crate::undocumented_is_retryable(self.status()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self.info(), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl $crate::FromErrorBody for $name {
            const FORMAT: $crate::ErrorFormat = $format;

            fn from_error_body(
                body: $crate::ErrorBody,
                status: ::core::option::Option<$crate::http::StatusCode>,
                retry_after: ::core::option::Option<::core::time::Duration>,
            ) -> $name {
                // Details that do not fit the model still travel in the raw body.
                let details = $crate::serde_json::from_value::<$details>(body.details).unwrap_or_default();
                $name::new($crate::ErrorInfo::new(body.code, body.message, status, details, body.raw, retry_after))
            }

            fn to_error_json(&self) -> $crate::serde_json::Value {
                let info = self.info();
                let details = $crate::serde_json::to_value(&info.details).unwrap_or_default();
                $format.to_json(&info.code, &info.message, details)
            }
        }

        impl $crate::ServiceError for $name {
            fn is_retryable(&self) -> bool {
                $name::is_retryable(self)
            }

            fn retry_after(&self) -> ::core::option::Option<::core::time::Duration> {
                $name::retry_after(self)
            }

            fn renews_token(&self) -> bool {
                self.kind().is_some_and($kind::renews_token)
            }
        }

        impl $crate::ErrorEnum for $name {
            type Kind = $kind;
            type Details = $details;

            fn kind(&self) -> ::core::option::Option<$kind> {
                $name::kind(self)
            }

            fn info(&self) -> &$crate::ErrorInfo<$details> {
                $name::info(self)
            }
        }
    };
}
