// libFuzzer target: bytes -> `resilience-lab primitive KIND --trace -`. The first line names the kind
// (any registered kind; an unknown name picks one by its length), the rest is the trace. Every driver
// starts from its default config, as `primitive KIND` without --config does.
#include "app/trace/trace_driver.h"
#include "app/trace/trace_runner.h"

#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto newline = text.find('\n');
    const std::string name = text.substr(0, newline);
    const auto& kinds = rl::trace::driverKinds();
    const rl::trace::DriverKind* kind = rl::trace::findDriverKind(name);
    if (!kind) kind = &kinds[name.size() % kinds.size()];
    std::unique_ptr<rl::trace::TraceDriver> driver;
    try {
        driver = kind->create(nlohmann::json::object());
    } catch (const rl::trace::TraceConfigError&) {
        return 0;
    }
    std::istringstream in(newline == std::string::npos ? std::string() : text.substr(newline + 1));
    std::ostringstream out;
    (void)rl::trace::driveTrace(*driver, in, out);
    return 0;
}
