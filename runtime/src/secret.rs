//! The OAuth access token, kept out of every `Debug` and `Display`.

use std::fmt;

/// A secret text type: redacted in `Debug`, no `Display`, read only through
/// `expose_secret`, so that it cannot leak into logs by accident.
macro_rules! secret_text {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret.
            pub fn new(secret: impl Into<String>) -> Self {
                $name(secret.into())
            }

            /// The secret itself, e.g. to put in a header or a form.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                $name(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                $name(secret.to_owned())
            }
        }
    };
}

secret_text! {
    /// An OAuth access token.
    ///
    /// Its `Debug` output is redacted and it has no `Display`, so it cannot leak into logs by
    /// accident; [`AccessToken::expose_secret`] is the one way to read it.
    AccessToken
}

secret_text! {
    /// A secret text (a client secret, a refresh token): redacted in `Debug`, no `Display`.
    Secret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = AccessToken::new("1000.secret.value");
        assert!(!format!("{token:?}").contains("secret"));
        assert_eq!(token.expose_secret(), "1000.secret.value");
        assert!(!format!("{:?}", Secret::new("hush")).contains("hush"));
    }
}
