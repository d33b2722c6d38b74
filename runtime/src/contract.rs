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

/// The version of the contract this runtime offers generated code.
pub const VERSION: u32 = 1;

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
             contract 1: generate the file again with the zoho-crm-codegen of this runtime's release"
        ),
        _ => panic!(
            "generated code for a runtime contract newer than 1, the one this zoho-crm-runtime has: upgrade \
             zoho-crm-runtime to the release of the zoho-crm-codegen that generated the file"
        ),
    }
}
