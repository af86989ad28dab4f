/*
 * gdalfloor.c: the floor GDAL itself sets: a program that links libgdal
 * and exits (its start-up is the static initialisers of GDAL's
 * dependencies). Built by bench/render.sh, not by make: it must link
 * libgdal, which quaymark deliberately does not.
 */
#include <gdal.h>

int
main(int argc, char **argv)
{
	(void)argv;
	if (argc > 99)
		GDALAllRegister();	/* keep the link */
	return 0;
}
