#ifndef BLOTTER_CEDITLINE_SHIM_H
#define BLOTTER_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif
