#ifndef BLOTTER_CLMDB_SHIM_H
#define BLOTTER_CLMDB_SHIM_H
#include <lmdb.h>
#endif
