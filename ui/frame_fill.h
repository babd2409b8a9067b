#pragma once
// A frame from a simulation: what the worker sends the GUI each time, and what a report builds its
// RunModel from in one go (everything from the start).
#include "ui/frame.h"

namespace rl::ui {

// Fills the simulation's part of `f` (time, snapshot, log from `logFrom`, buckets from `bucketFrom` up
// to the one in progress, changes, faults); returns the index of the bucket in progress. The caller
// sets serial, playing, speed and the like.
std::size_t fillFrame(Frame& f, const sim::Simulation& s, std::size_t logFrom, std::size_t bucketFrom);

// The whole run so far as one reset frame.
Frame wholeRunFrame(const sim::Simulation& s);

} // namespace rl::ui
