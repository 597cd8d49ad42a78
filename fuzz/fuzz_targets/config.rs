//! Config parsing: any text gives a config or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = scour::Config::from_toml(s, std::path::Path::new("fuzz.toml"));
    }
});
