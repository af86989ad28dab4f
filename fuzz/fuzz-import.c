/*
 * fuzz-import.c: libFuzzer harness for every label reader. The first byte
 * chooses the format (interchange CSV, COCO, YOLO, YOLO-OBB, VOC, DOTA,
 * CVAT, LabelMe), the rest is the file. Invariants: no crash, no leak, and
 * a reader that says yes gives items with an image name and a class.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../export/export.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const label_reader readers[] = {
	interchange_read, coco_read, yolo_read, yolo_obb_read, voc_read,
	dota_read, cvat_read, labelme_read
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct import_items	 items;
	char			 err[512];
	size_t			 i;

	if (len < 1 || len > (1 << 20))
		return 0;
	memset(&items, 0, sizeof items);
	if (readers[data[0] % (sizeof readers / sizeof readers[0])](
	    "fuzz.txt", (const char *)data + 1, len - 1, &items, err,
	    sizeof err) == 0)
		for (i = 0; i < items.n; i++)
			if (items.v[i].image == NULL ||
			    items.v[i].class_name == NULL)
				abort();
	import_items_free(&items);
	return 0;
}
