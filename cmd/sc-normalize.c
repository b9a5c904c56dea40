/* placeholder until sc-normalize lands */
#include "cli.h"
int main(int argc, char **argv) { (void)argc; sc_cli_init(argv[0]); sc_print_version(); }
