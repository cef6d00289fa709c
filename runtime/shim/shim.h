// Everything generated code and the server need from the runtime shim, in one
// include. Header-only: compile with -I<repo root> and link -pthread; Asio is used
// standalone (ASIO_STANDALONE is defined by each header if the build did not).
#pragma once

#include "runtime/shim/event_loop.h"
#include "runtime/shim/log.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/serialization.h"
#include "runtime/shim/tcp_transport.h"
#include "runtime/shim/udp_transport.h"
