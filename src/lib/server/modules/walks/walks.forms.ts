/** The files of a multipart form field as bytes (an empty file input sends one empty file, which is skipped). */
export async function filesOf(form: FormData, name: string): Promise<Uint8Array[]> {
	const files = form.getAll(name).filter((value): value is File => value instanceof File && value.size > 0);
	return Promise.all(files.map(async (file) => new Uint8Array(await file.arrayBuffer())));
}
