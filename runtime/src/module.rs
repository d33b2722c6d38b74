//! Why a module name cannot be used: the error of every generated `Module::parse`.

use std::fmt;

/// Why a module name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModuleError {
    /// The API does not support the module.
    Unsupported {
        /// The module's API name.
        api_name: String,
        /// Why it is not supported.
        reason: &'static str,
    },
    /// The name is not a valid module API name.
    InvalidName {
        /// The rejected name.
        api_name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A standard module's name was given for a custom module.
    Standard {
        /// The standard module's API name.
        api_name: String,
    },
    /// The name is not a module of the API.
    Unknown {
        /// The rejected name.
        api_name: String,
    },
}

impl fmt::Display for ModuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModuleError::Unsupported { api_name, reason } => write!(f, "module `{api_name}` is not supported: {reason}"),
            ModuleError::InvalidName { api_name, reason } => write!(f, "{api_name:?} is not a module API name: {reason}"),
            ModuleError::Standard { api_name } => write!(f, "`{api_name}` is a standard module, not a custom one"),
            ModuleError::Unknown { api_name } => write!(f, "`{api_name}` is not a module of this API"),
        }
    }
}

impl std::error::Error for ModuleError {}

/// The reason an API gives for not supporting a module, if it lists it (ignoring ASCII
/// case), as the error to answer with.
pub fn unsupported_module(
    unsupported: &'static [(&'static str, &'static str)],
    api_name: &str,
) -> Option<ModuleError> {
    unsupported
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(api_name))
        .map(|(name, reason)| ModuleError::Unsupported { api_name: (*name).to_owned(), reason })
}
