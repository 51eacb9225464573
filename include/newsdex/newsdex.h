// SPDX-License-Identifier: MIT
/// @file newsdex.h
/// The one header embedders include.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/article.h"
#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/json_output.h"
#include "newsdex/paths.h"
#include "newsdex/schema.h"
#include "newsdex/searcher.h"
#include "newsdex/snippet.h"
#include "newsdex/version.h"
