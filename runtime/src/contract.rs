//! The contract between generated code and this runtime, with a version.
//!
//! Generated code uses the runtime's traits, types and functions by name; which names, and
//! what they mean, is the contract. Its version, [`VERSION`], goes up whenever a change to
//! the runtime would stop code generated for the old contract from compiling, or change
//! what it means. Every generated file checks the version it was generated for, at compile
//! time, before anything else:
//!
//! ```
//! use ::zoho_crm_runtime as rt;
//! const _: () = rt::contract::require(rt::contract::VERSION);
//! ```
//!
//! so a file generated for another contract (a checked-in file kept past a runtime
//! upgrade, say) fails with one error that names both versions and says what to do,
//! rather than with errors inside the generated code.
//!
//! | contract | generated code |
//! | --- | --- |
//! | 0 | before contracts had versions |
//! | 1 | enums, errors and the client as calls of the runtime's `macro_rules!` macros |
//! | 2 | plain items over the runtime's traits ([`ValueEnum`](crate::ValueEnum), [`OpenEnum`](crate::OpenEnum), [`Modules`](crate::Modules), [`ErrorEnum`](crate::ErrorEnum), …) |
//!
//! A file of contract 1 names the macros that contract 2 no longer has; the runtime keeps
//! their names as hidden stubs that stop the build with this same message, so the first
//! error such a file gets is the one that says what to do.

/// The version of the contract this runtime offers generated code.
pub const VERSION: u32 = 2;

/// Checks, in a constant, that generated code made for contract `generated_for` can run on
/// this runtime; a compile-time error naming both versions if not.
///
/// ```compile_fail
/// const _: () = zoho_crm_runtime::contract::require(0);
/// ```
pub const fn require(generated_for: u32) {
    // A const panic's message must be a literal, so each contract this runtime knows of is
    // spelled out; the failing line of generated code shows the number as well.
    match generated_for {
        VERSION => {}
        0 => panic!(
            "generated code for runtime contract 0 (made before contracts had versions) on zoho-crm-runtime with \
             contract 2: generate the file again with the zoho-crm-codegen of this runtime's release"
        ),
        1 => panic!(
            "generated code for runtime contract 1 (items made by the runtime's macros) on zoho-crm-runtime with \
             contract 2: generate the file again with the zoho-crm-codegen of this runtime's release"
        ),
        _ => panic!(
            "generated code for a runtime contract newer than 2, the one this zoho-crm-runtime has: upgrade \
             zoho-crm-runtime to the release of the zoho-crm-codegen that generated the file"
        ),
    }
}

/// The macros that code generated for contract 1 invokes, kept as stubs: the first one every
/// such file invokes stops the build with the message of [`require`], the others expand to
/// nothing, so that the file's first error says which contract it needs.
mod contract_1 {
    /// Contract 1's first macro in every generated file.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! api_version {
        ($($tokens:tt)*) => {
            ::core::compile_error!(
                "generated code for runtime contract 1 (items made by the runtime's macros) on zoho-crm-runtime \
                 with contract 2: generate the file again with the zoho-crm-codegen of this runtime's release"
            );
        };
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! value_enum {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! data_centres {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! module_enum {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! open_enum {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! error_kinds {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! api_error {
        ($($tokens:tt)*) => {};
    }

    /// A macro of contract 1; nothing now.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! client {
        ($($tokens:tt)*) => {};
    }
}
