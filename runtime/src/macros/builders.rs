//! `builder_version!` and `call_version!`: the version setters every request builder and
//! every client call has.

/// Inside the `impl` of a request builder with a field `version: Option<V>`: the setters
/// `version(V)` and `set_version(Option<V>)`.
///
/// ```
/// #[derive(Default)]
/// struct Builder {
///     version: Option<u8>,
/// }
///
/// impl Builder {
///     zoho_crm_runtime::builder_version!(u8);
/// }
///
/// assert_eq!(Builder::default().version(3).version, Some(3));
/// assert_eq!(Builder::default().version(3).set_version(None).version, None);
/// ```
#[macro_export]
macro_rules! builder_version {
    ($version:ty) => {
        /// The API version to use instead of the endpoint's.
        pub fn version(mut self, version: $version) -> Self {
            self.version = ::core::option::Option::Some(version);
            self
        }

        /// Sets or clears the API version to use instead of the endpoint's.
        pub fn set_version(mut self, version: ::core::option::Option<$version>) -> Self {
            self.version = version;
            self
        }
    };
}

/// Inside the `impl` of a client call with a field `builder` (whose type has
/// [`builder_version!`]): `version(V)`, which sets the builder's.
///
/// ```
/// # #[derive(Default)]
/// # struct Builder {
/// #     version: Option<u8>,
/// # }
/// # impl Builder {
/// #     zoho_crm_runtime::builder_version!(u8);
/// # }
/// struct Call {
///     builder: Builder,
/// }
///
/// impl Call {
///     zoho_crm_runtime::call_version!(u8);
/// }
///
/// assert_eq!(Call { builder: Builder::default() }.version(2).builder.version, Some(2));
/// ```
#[macro_export]
macro_rules! call_version {
    ($version:ty) => {
        /// The API version to use instead of the endpoint's.
        pub fn version(mut self, version: $version) -> Self {
            self.builder = self.builder.version(version);
            self
        }
    };
}
