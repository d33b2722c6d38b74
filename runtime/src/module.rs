//! Modules: why a module name cannot be used, finding a standard module by name, and
//! custom modules.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use crate::rules::check_api_name;

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
            ModuleError::Unsupported { api_name, reason } => {
                write!(f, "module `{api_name}` is not supported: {reason}")
            }
            ModuleError::InvalidName { api_name, reason } => {
                write!(f, "{api_name:?} is not a module API name: {reason}")
            }
            ModuleError::Standard { api_name } => write!(f, "`{api_name}` is a standard module, not a custom one"),
            ModuleError::Unknown { api_name } => write!(f, "`{api_name}` is not a module of this API"),
        }
    }
}

impl std::error::Error for ModuleError {}

/// The reason an API gives for not supporting a module, if it lists it (ignoring ASCII
/// case), as the error to answer with.
fn unsupported_module(unsupported: &'static [(&'static str, &'static str)], api_name: &str) -> Option<ModuleError> {
    unsupported
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(api_name))
        .map(|(name, reason)| ModuleError::Unsupported { api_name: (*name).to_owned(), reason })
}

/// The module enum of an API (`Module` in generated code): what parsing a module name and
/// checking a custom one need to know.
pub trait Modules: Clone + PartialEq + 'static {
    /// The standard modules.
    const STANDARD: &'static [Self];
    /// The API name, display name and scope name of each standard module, in the order of
    /// `STANDARD`.
    const NAMES: &'static [(&'static str, &'static str, &'static str)];
    /// The modules the API does not support, with the reason.
    const UNSUPPORTED: &'static [(&'static str, &'static str)];

    /// The API name, display name and scope name of a standard module (empty for any
    /// other).
    fn names(&self) -> (&'static str, &'static str, &'static str) {
        let index = Self::STANDARD.iter().position(|module| module == self);
        index.and_then(|index| Self::NAMES.get(index)).copied().unwrap_or(("", "", ""))
    }

    /// The API name used in URLs.
    fn api_name(&self) -> &str;

    /// The module for a name that is neither standard nor unsupported: a custom module if
    /// the API takes them (the enum says so by overriding this), else an unknown module.
    fn not_standard(api_name: &str) -> Result<Self, ModuleError> {
        Err(ModuleError::Unknown { api_name: api_name.to_owned() })
    }

    /// The module with this API name (ignoring ASCII case for standard modules);
    /// unsupported modules are rejected, before anything is sent.
    fn parse_api_name(api_name: &str) -> Result<Self, ModuleError> {
        match find_module::<Self>(api_name)? {
            Some(module) => Ok(module),
            None => Self::not_standard(api_name),
        }
    }
}

/// A module enum that also takes custom modules, by name.
pub trait CustomModules: Modules {
    /// The longest custom module API name accepted.
    const MAX_CUSTOM_LENGTH: usize;
}

/// The standard module with this API name (ignoring ASCII case); `Ok(None)` when it is
/// not a standard module, and an error when the API does not support it.
pub fn find_module<M: Modules>(api_name: &str) -> Result<Option<M>, ModuleError> {
    if let Some(module) = M::STANDARD.iter().find(|module| module.api_name().eq_ignore_ascii_case(api_name)) {
        return Ok(Some(module.clone()));
    }
    match unsupported_module(M::UNSUPPORTED, api_name) {
        Some(error) => Err(error),
        None => Ok(None),
    }
}

/// A custom module of the module enum `M`, named by its API name (checked when made).
pub struct CustomModule<M> {
    api_name: String,
    modules: PhantomData<fn() -> M>,
}

impl<M: CustomModules> CustomModule<M> {
    /// The longest API name accepted.
    pub const MAX_LENGTH: usize = M::MAX_CUSTOM_LENGTH;

    /// Checks a custom module's API name: not a standard or unsupported module, an ASCII
    /// letter then letters, digits or underscores, at most `MAX_LENGTH` long.
    pub fn new(api_name: impl Into<String>) -> Result<Self, ModuleError> {
        let api_name = api_name.into();
        if M::STANDARD.iter().any(|module| module.api_name().eq_ignore_ascii_case(&api_name)) {
            return Err(ModuleError::Standard { api_name });
        }
        if let Some((_, reason)) = M::UNSUPPORTED.iter().find(|(name, _)| name.eq_ignore_ascii_case(&api_name)) {
            return Err(ModuleError::Unsupported { api_name, reason });
        }
        match check_api_name(&api_name, Self::MAX_LENGTH) {
            Ok(()) => Ok(CustomModule { api_name, modules: PhantomData }),
            Err(reason) => Err(ModuleError::InvalidName { api_name, reason }),
        }
    }
}

impl<M> CustomModule<M> {
    /// The API name.
    pub fn api_name(&self) -> &str {
        &self.api_name
    }
}

// By hand rather than derived: `M` is only a marker, so none of these needs it to have them.
impl<M> Clone for CustomModule<M> {
    fn clone(&self) -> Self {
        CustomModule { api_name: self.api_name.clone(), modules: PhantomData }
    }
}

impl<M> fmt::Debug for CustomModule<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CustomModule").field(&self.api_name).finish()
    }
}

impl<M> PartialEq for CustomModule<M> {
    fn eq(&self, other: &Self) -> bool {
        self.api_name == other.api_name
    }
}

impl<M> Eq for CustomModule<M> {}

impl<M> Hash for CustomModule<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.api_name.hash(state);
    }
}
