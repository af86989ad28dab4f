/*
 * gdal-api.h: GDAL, reached through a table of function pointers filled by
 * render/gdal-load.c with dlopen(3). Linking libgdal costs every process
 * ~90 ms of start-up (the static initialisers of its dependencies), and
 * most quaymark commands never read a pixel; so the binary does not link
 * it, and code in render/ and export/ calls G(GDALOpenEx)(...) instead.
 * A bare GDALOpenEx(...) compiles but fails to link, which is how a
 * function missing from the list below is noticed.
 *
 * Include this instead of the GDAL headers, and only from render/ and
 * export/.
 */
#ifndef QM_GDAL_API_H
#define QM_GDAL_API_H

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <cpl_vsi_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#define QM_GDAL_FUNCS(X) \
	X(GDALAllRegister) \
	X(GDALVersionInfo) \
	X(GDALSetCacheMax64) \
	X(GDALOpenEx) \
	X(GDALClose) \
	X(GDALGetRasterXSize) \
	X(GDALGetRasterYSize) \
	X(GDALGetRasterCount) \
	X(GDALGetRasterBandXSize) \
	X(GDALGetRasterBandYSize) \
	X(GDALGetRasterBand) \
	X(GDALGetRasterDataType) \
	X(GDALGetDataTypeName) \
	X(GDALGetDataTypeSizeBytes) \
	X(GDALGetBlockSize) \
	X(GDALGetGeoTransform) \
	X(GDALSetGeoTransform) \
	X(GDALGetSpatialRef) \
	X(GDALSetSpatialRef) \
	X(GDALGetMetadataItem) \
	X(GDALSetMetadataItem) \
	X(GDALGetDatasetDriver) \
	X(GDALGetDriverShortName) \
	X(GDALGetDriverByName) \
	X(GDALIdentifyDriverEx) \
	X(GDALGetOverviewCount) \
	X(GDALGetOverview) \
	X(GDALRasterIO) \
	X(GDALRasterIOEx) \
	X(GDALGetRasterNoDataValue) \
	X(GDALGetRasterColorInterpretation) \
	X(GDALGetRasterColorTable) \
	X(GDALGetColorEntryCount) \
	X(GDALGetColorEntry) \
	X(GDALCreateColorTable) \
	X(GDALDestroyColorTable) \
	X(GDALSetColorEntry) \
	X(GDALSetRasterColorTable) \
	X(GDALGetRasterStatistics) \
	X(GDALComputeRasterStatistics) \
	X(GDALGetRasterHistogramEx) \
	X(GDALGetMaskFlags) \
	X(GDALGetMaskBand) \
	X(GDALCreate) \
	X(GDALCreateCopy) \
	X(GDALBuildOverviews) \
	X(GDALFlushCache) \
	X(GDALSetRasterNoDataValue) \
	X(GDALSetRasterColorInterpretation) \
	X(GDALGetDescription) \
	X(GDALGetFileList) \
	X(CPLSetErrorHandler) \
	X(CPLGetLastErrorMsg) \
	X(CPLErrorReset) \
	X(CPLSetConfigOption) \
	X(CPLSetThreadLocalConfigOption) \
	X(CSLDestroy) \
	X(CSLSetNameValue) \
	X(CSLCount) \
	X(VSIFree) \
	X(VSIFileFromMemBuffer) \
	X(VSIFCloseL) \
	X(VSIFOpenL) \
	X(VSIFReadL) \
	X(VSIFSeekL) \
	X(VSIStatL) \
	X(VSIUnlink) \
	X(OSRNewSpatialReference) \
	X(OSRDestroySpatialReference) \
	X(OSRSetFromUserInput) \
	X(OSRImportFromWkt) \
	X(OSRExportToWkt) \
	X(OSRGetAuthorityName) \
	X(OSRGetAuthorityCode) \
	X(OSRAutoIdentifyEPSG) \
	X(OSRSetAxisMappingStrategy) \
	X(OSRIsSame) \
	X(OSRClone) \
	X(OCTNewCoordinateTransformation) \
	X(OCTDestroyCoordinateTransformation) \
	X(OCTTransform) \
	X(GDALGetDriverCount) \
	X(GDALGetDriver) \
	X(GDALGetMetadata) \
	X(OGR_Dr_GetName) \
	X(GDALDatasetCreateLayer) \
	X(GDALDatasetGetLayerCount) \
	X(GDALDatasetStartTransaction) \
	X(GDALDatasetCommitTransaction) \
	X(OGR_L_CreateField) \
	X(OGR_L_GetLayerDefn) \
	X(OGR_L_CreateFeature) \
	X(OGR_Fld_Create) \
	X(OGR_Fld_Destroy) \
	X(OGR_Fld_SetWidth) \
	X(OGR_F_Create) \
	X(OGR_F_Destroy) \
	X(OGR_F_SetFieldString) \
	X(OGR_F_SetFieldInteger64) \
	X(OGR_F_SetFieldDouble) \
	X(OGR_F_SetFieldNull) \
	X(OGR_F_SetGeometryDirectly) \
	X(OGR_FD_GetFieldIndex) \
	X(OGR_G_CreateGeometry) \
	X(OGR_G_AddPoint_2D) \
	X(OGR_G_AddGeometryDirectly) \
	X(OGR_G_SetPoint_2D) \
	X(OGR_G_DestroyGeometry) \
	X(OGR_F_SetFieldDateTimeEx) \
	X(OCTTransformEx) \
	X(VSIStatExL) \
	X(VSIGetFileMetadata) \
	X(VSIReadDirRecursive) \
	X(CPLGetConfigOption) \
	X(VSICurlClearCache) \
	X(VSICurlPartialClearCache) \
	X(CSLFetchNameValue) \
	X(VSIGetLastErrorMsg) \
	X(VSIErrorReset) \
	X(VSIFReadMultiRangeL) \
	X(VSIAllocFilesystemPluginCallbacksStruct) \
	X(VSIFreeFilesystemPluginCallbacksStruct) \
	X(VSIInstallPluginHandler)

struct qm_gdal {
#define QM_GDAL_SLOT(f) __typeof__(f) *f;
	QM_GDAL_FUNCS(QM_GDAL_SLOT)
#undef QM_GDAL_SLOT
};

extern struct qm_gdal qm_gdal;

/* Call a GDAL function through the table: G(GDALClose)(ds). */
#define G(f) (qm_gdal.f)

/* raster.c */
int		 render_check_declared(GDALDatasetH, const char *, int64_t,
		     char *, size_t);

/* gdal-load.c */
int		 gdal_load(char *, size_t);
const char	*gdal_last_error(void);
void		 gdal_error_reset(void);
void		 gdal_error_context(const char *);
int		 gdal_error_count(void);

#endif
