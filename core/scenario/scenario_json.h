#pragma once
// Loading, validating and saving scenario files (docs/scenario-format.md), and `--set PATH=VALUE`
// overrides. Every problem of a file is reported at once, each at its JSON path:
//   services[1].calls[0].retry.max_attempts: must be in [1, 100], got 0
//   clients[0].target: no service named "chekout"; did you mean "checkout"?
//   services[0].calls[0].to: call cycle: checkout -> payments -> checkout
// JSON syntax errors name the line and column. Nothing here throws on bad input.
//
// This header gathers the pieces, one job each:
//   scenario_schema.h  the keys each object accepts, enum names, size limits
//   json_text.h        text and files -> JSON (line and column, duplicate keys, depth limit)
//   scenario_parse.h   JSON -> Scenario (each object read against the schema)
//   scenario_checks.h  whole-scenario checks (names, references, cycles, sizes)
//   scenario_writer.h  Scenario -> JSON
//   path_override.h    the path language and `--set`
//   replay_log.h       recorded logs that services replay (services[i].replay)
#include "core/scenario/json_text.h"
#include "core/scenario/path_override.h"
#include "core/scenario/replay_log.h"
#include "core/scenario/scenario_parse.h"
#include "core/scenario/scenario_schema.h"
#include "core/scenario/scenario_writer.h"
