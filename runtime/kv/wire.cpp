#include "runtime/kv/wire.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace ivy::kv {

namespace {

constexpr std::string_view kNone = "-";

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/';
}

// Splits on single spaces; empty fields (two spaces, leading or trailing space) are
// kept as empty strings so the caller rejects them.
std::vector<std::string_view> split_spaces(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        auto space = text.find(' ', start);
        if (space == std::string_view::npos) {
            out.push_back(text.substr(start));
            return out;
        }
        out.push_back(text.substr(start, space - start));
        start = space + 1;
    }
}

template <class T> bool parse_decimal(std::string_view text, T& out) {
    if (text.empty() || text.size() > 20) return false;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

std::optional<Command> parse_command(std::string_view text) {
    if (text == "GET") return Command::Get;
    if (text == "PUT") return Command::Put;
    if (text == "DEL") return Command::Del;
    if (text == "CAS") return Command::Cas;
    if (text == "CAD") return Command::Cad;
    return std::nullopt;
}

// What each argument position of a command may hold.
enum class Arg { Token, None, TokenOrNone };

std::array<Arg, 3> argument_shape(Command c) {
    switch (c) {
    case Command::Get:
    case Command::Del:
        return {Arg::Token, Arg::None, Arg::None};
    case Command::Put:
        return {Arg::Token, Arg::Token, Arg::None};
    case Command::Cas:
        return {Arg::Token, Arg::TokenOrNone, Arg::Token};
    case Command::Cad:
        return {Arg::Token, Arg::Token, Arg::None};
    }
    return {Arg::None, Arg::None, Arg::None};
}

// Checks one argument against its shape; "" when it fits.
std::string check_argument(Arg shape, std::string_view arg, int position) {
    std::string where = "argument " + std::to_string(position);
    bool none = arg == kNone;
    switch (shape) {
    case Arg::None:
        return none ? "" : where + " must be '-'";
    case Arg::Token:
        if (none) return where + " must not be '-'";
        [[fallthrough]];
    case Arg::TokenOrNone:
        if (none || is_valid_token(arg)) return "";
        return where + " is not a key or value (allowed: [/A-Za-z0-9]+)";
    }
    return "";
}

ParsedRequest bad(std::string why) {
    return {std::nullopt, std::move(why)};
}

std::optional<std::string> optional_token(std::string_view arg) {
    if (arg == kNone) return std::nullopt;
    return std::string(arg);
}

std::string_view or_none(const std::optional<std::string>& v) {
    return v ? std::string_view(*v) : kNone;
}

} // namespace

const char* command_name(Command c) {
    switch (c) {
    case Command::Get:
        return "GET";
    case Command::Put:
        return "PUT";
    case Command::Del:
        return "DEL";
    case Command::Cas:
        return "CAS";
    case Command::Cad:
        return "CAD";
    }
    return "?";
}

bool is_valid_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_token_char);
}

ParsedRequest parse_request(std::string_view body) {
    auto fields = split_spaces(body);
    if (fields.size() != 6)
        return bad("expected 6 space-separated fields (CID SEQ CMD A1 A2 A3), got " +
                   std::to_string(fields.size()));
    Request r;
    if (!parse_decimal(fields[0], r.client_id)) return bad("client id is not a 32-bit number");
    if (!parse_decimal(fields[1], r.seq)) return bad("sequence number is not a 64-bit number");
    auto cmd = parse_command(fields[2]);
    if (!cmd) return bad("unknown command (expected GET, PUT, DEL, CAS or CAD)");
    r.cmd = *cmd;
    auto shape = argument_shape(r.cmd);
    for (int i = 0; i < 3; ++i) {
        auto why = check_argument(shape[i], fields[3 + i], i + 1);
        if (!why.empty()) return bad(std::string(command_name(r.cmd)) + ": " + why);
    }
    r.key = std::string(fields[3]);
    switch (r.cmd) {
    case Command::Put:
        r.value = std::string(fields[4]);
        break;
    case Command::Cas:
        r.expected = optional_token(fields[4]);
        r.value = std::string(fields[5]);
        break;
    case Command::Cad:
        r.expected = std::string(fields[4]);
        break;
    case Command::Get:
    case Command::Del:
        break;
    }
    return {std::move(r), {}};
}

std::string format_request(const Request& r) {
    std::string out = std::to_string(r.client_id);
    out += ' ';
    out += std::to_string(r.seq);
    out += ' ';
    out += command_name(r.cmd);
    out += ' ';
    out += r.key;
    out += ' ';
    switch (r.cmd) {
    case Command::Put:
        out += or_none(r.value);
        out += " -";
        break;
    case Command::Cas:
        out += or_none(r.expected);
        out += ' ';
        out += or_none(r.value);
        break;
    case Command::Cad:
        out += or_none(r.expected);
        out += " -";
        break;
    case Command::Get:
    case Command::Del:
        out += "- -";
        break;
    }
    return out;
}

std::string format_response(const Response& r) {
    std::string out = "Response ";
    out += std::to_string(r.seq);
    out += ' ';
    out += r.key;
    out += ' ';
    out += or_none(r.value);
    out += ' ';
    out += or_none(r.old);
    return out;
}

ParsedResponse parse_response(std::string_view body) {
    ParsedResponse out;
    if (body.substr(0, kNotLeader.size()) == kNotLeader) {
        out.not_leader = true;
        return out;
    }
    auto fields = split_spaces(body);
    if (fields.size() != 5 || fields[0] != "Response") {
        out.error = "not a response";
        return out;
    }
    Response r;
    if (!parse_decimal(fields[1], r.seq)) {
        out.error = "bad sequence number";
        return out;
    }
    for (int i = 2; i < 5; ++i) {
        if (fields[i] != kNone && !is_valid_token(fields[i])) {
            out.error = "bad field " + std::to_string(i);
            return out;
        }
    }
    if (fields[2] == kNone) {
        out.error = "missing key";
        return out;
    }
    r.key = std::string(fields[2]);
    r.value = optional_token(fields[3]);
    r.old = optional_token(fields[4]);
    out.response = std::move(r);
    return out;
}

// ---- framing ------------------------------------------------------------------------

void append_frame(std::string& out, std::string_view body) {
    auto n = static_cast<std::uint32_t>(body.size());
    char header[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                      static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
    out.append(header, 4);
    out.append(body.data(), body.size());
}

std::string frame(std::string_view body) {
    std::string out;
    out.reserve(4 + body.size());
    append_frame(out, body);
    return out;
}

FrameBuffer::FrameBuffer(std::size_t max_frame, std::size_t initial)
    : buf_(std::max<std::size_t>(initial, 16)), max_frame_(max_frame) {}

char* FrameBuffer::write_ptr() {
    if (begin_ == end_) begin_ = end_ = 0;
    std::size_t pending = end_ - begin_;
    // A frame whose header is in: make room for all of it (its length was checked
    // against the limit by next(), so this is bounded).
    std::size_t need = 4;
    if (pending >= 4) {
        const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
        std::size_t len = p[0] | (p[1] << 8) | (p[2] << 16) | (std::size_t{p[3]} << 24);
        need = 4 + std::min(len, max_frame_);
    }
    if (end_ == buf_.size() || buf_.size() - begin_ < need) {
        if (begin_ > 0) {
            std::memmove(buf_.data(), buf_.data() + begin_, pending);
            begin_ = 0;
            end_ = pending;
        }
        if (end_ == buf_.size() || buf_.size() < need)
            buf_.resize(std::max(need, std::min(buf_.size() * 2, 4 + max_frame_)));
    }
    return buf_.data() + end_;
}

FrameBuffer::Status FrameBuffer::next(std::string_view& body) {
    std::size_t avail = end_ - begin_;
    if (avail < 4) return Status::NeedMore;
    const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
    std::size_t len = p[0] | (p[1] << 8) | (p[2] << 16) | (std::size_t{p[3]} << 24);
    if (len > max_frame_) {
        announced_ = len;
        return Status::TooLarge;
    }
    if (len == 0) return Status::Empty;
    if (avail < 4 + len) return Status::NeedMore;
    body = std::string_view(buf_.data() + begin_ + 4, len);
    begin_ += 4 + len;
    return Status::Frame;
}

} // namespace ivy::kv
