// The client wire protocol of the key-value server (vard's, as the PLDI'18 artifact
// speaks it), byte for byte.
//
// Both directions carry frames: a u32 little-endian byte length, then that many
// bytes of ASCII text, no terminator.
//
//   request   "CID SEQ CMD A1 A2 A3"      single spaces, always three arguments,
//                                        "-" for none
//   response  "Response SEQ KEY VALUE OLD" "-" for an absent value
//             "NotLeader"                 this node cannot serve the request
//
// CID is a decimal 32-bit client id, SEQ a decimal request number (the client
// counts from 0). Keys and values are non-empty strings over [/A-Za-z0-9]; "-" is
// reserved for "none". Commands and their arguments:
//
//   GET k - -     PUT k v -     DEL k - -     CAS k e|- n     CAD k e -
//
// Parsing is strict: anything else is garbage, and the server closes the connection
// that sent it (clients are programs; a malformed request is a bug to surface, not
// a typo to guess around).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv {

enum class Command : std::uint8_t { Get = 0, Put = 1, Del = 2, Cas = 3, Cad = 4 };
inline constexpr std::uint8_t kCommandCount = 5;

const char* command_name(Command c);

// One client request. `value` is PUT's value and CAS's new value; `expected` is the
// value CAS and CAD compare with (nullopt: "the key is absent").
struct Request {
    std::uint32_t client_id = 0;
    std::uint64_t seq = 0;
    Command cmd = Command::Get;
    std::string key;
    std::optional<std::string> value;
    std::optional<std::string> expected;

    bool operator==(const Request&) const = default;
};

// The answer to one executed request (section 4.2 of the runtime notes).
struct Response {
    std::uint64_t seq = 0;
    std::string key;
    std::optional<std::string> value;
    std::optional<std::string> old;

    bool operator==(const Response&) const = default;
};

// A parse result: the request, or why the text is not one.
struct ParsedRequest {
    std::optional<Request> request;
    std::string error;

    explicit operator bool() const { return request.has_value(); }
};

// Is `text` a legal key or value (non-empty, [/A-Za-z0-9] only)?
bool is_valid_token(std::string_view text);

// Parses a request body (without its length prefix).
ParsedRequest parse_request(std::string_view body);

// The body of a request, as clients send it.
std::string format_request(const Request& r);

// "Response SEQ KEY VALUE OLD".
std::string format_response(const Response& r);

// The artifact's exact body; clients only test the prefix.
inline constexpr std::string_view kNotLeader = "NotLeader";

// A parsed response body: either NotLeader or a Response.
struct ParsedResponse {
    bool not_leader = false;
    std::optional<Response> response;
    std::string error;

    explicit operator bool() const { return not_leader || response.has_value(); }
};

ParsedResponse parse_response(std::string_view body);

// ---- framing ----------------------------------------------------------------------

// The largest request or response body the server accepts by default. Keys and
// values are identifiers, so a frame of a megabyte is already absurd; the bound
// exists so that a 4-byte length can never make the server allocate gigabytes.
inline constexpr std::size_t kDefaultMaxFrame = std::size_t{1} << 20;

// The 4-byte length prefix plus the body.
std::string frame(std::string_view body);

// Appends a frame to `out` (cheaper than concatenating frame() results).
void append_frame(std::string& out, std::string_view body);

// Incremental frame decoder for one byte stream: read into writable(), commit() what
// arrived, then take frames with next() until it says NeedMore. The buffer grows to
// at most 4 + max_frame bytes, so memory per connection is bounded.
class FrameBuffer {
public:
    enum class Status { Frame, NeedMore, TooLarge, Empty };

    explicit FrameBuffer(std::size_t max_frame = kDefaultMaxFrame, std::size_t initial = 4096);

    // Space to read into (never empty).
    char* write_ptr();
    std::size_t write_size() const { return buf_.size() - end_; }
    void commit(std::size_t n) { end_ += n; }

    // The next complete frame's body, valid until the next write_ptr() call. A frame
    // over the limit is TooLarge and a zero-length one Empty: both are protocol
    // errors, and the buffer should not be used afterwards.
    Status next(std::string_view& body);

    // Bytes of an unfinished frame are buffered (the peer stopped mid-request).
    bool mid_frame() const { return end_ > begin_; }

    // Length announced by the frame that was TooLarge (for the log line).
    std::size_t announced_length() const { return announced_; }

private:
    std::vector<char> buf_;
    std::size_t begin_ = 0, end_ = 0;
    std::size_t max_frame_;
    std::size_t announced_ = 0;
};

} // namespace ivy::kv
